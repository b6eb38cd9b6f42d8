package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against bcg729 (codec/g729/README.md says how the fixtures were made). */
class G729DecoderTest {
  private final byte[] frames = Fixtures.bytes("codec/g729/speech_dtx.frames");
  private final short[] reference = pcm(Fixtures.bytes("codec/g729/speech_dtx.bcg729.s16le"));

  /** Frame lengths in the file: 10 speech, 2 SID, 0 not sent. */
  private List<int[]> frameList() {
    List<int[]> out = new ArrayList<>();
    for (int at = 0; at < frames.length; at += 1 + frames[at]) {
      out.add(new int[] {at + 1, frames[at]});
    }
    return out;
  }

  private short[] decodeLikeRtp(G729Decoder decoder) {
    List<int[]> list = frameList();
    short[] out = new short[list.size() * 80];
    int n = 0;
    for (int[] f : list) {
      if (f[1] == 0) {
        n += decoder.conceal(out, n, 80); // nothing arrives in DTX: the gap is filled
      } else {
        n += decoder.decode(ByteBuffer.wrap(frames), f[0], f[1], out, n);
      }
    }
    return out;
  }

  @Test
  void speechIsWithinTwentyDecibelsOfBcg729() {
    short[] out = decodeLikeRtp(new G729Decoder());
    // Compare runs of speech frames, leaving the first frames after silence to settle.
    List<int[]> list = frameList();
    double signal = 0;
    double noise = 0;
    int run = 0;
    for (int i = 0; i < list.size(); i++) {
      run = list.get(i)[1] == 10 ? run + 1 : 0;
      if (run > 3) {
        for (int s = i * 80; s < i * 80 + 80; s++) {
          double e = reference[s] - out[s];
          signal += (double) reference[s] * reference[s];
          noise += e * e;
        }
      }
    }
    double snr = 10 * Math.log10(signal / noise);
    System.out.printf("[G729DecoderTest] speech frames SNR vs bcg729 %.1f dB%n", snr);
    assertThat(snr).isGreaterThanOrEqualTo(20.0);
  }

  @Test
  void silenceDescriptorsGiveComfortNoiseNearBcg729sLevel() {
    G729Decoder decoder = new G729Decoder();
    short[] out = decodeLikeRtp(decoder);
    List<int[]> list = frameList();
    // The DTX stretch that follows the loudest SID (energy index 9) in the fixture.
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i)[1] == 2 && ((frames[list.get(i)[0] + 1] >> 1) & 0x1f) == 9) {
        int end = i + 1;
        while (end < list.size() && list.get(end)[1] == 0) {
          end++;
        }
        double ours = rms(out, i * 80, end * 80);
        double theirs = rms(reference, i * 80, end * 80);
        System.out.printf(
            "[G729DecoderTest] comfort noise rms ours %.1f, bcg729 %.1f%n", ours, theirs);
        assertThat(20 * Math.log10(ours / theirs)).isBetween(-6.0, 6.0);
        return;
      }
    }
    throw new AssertionError("fixture has no SID frame with energy index 9");
  }

  @Test
  void payloadsOfImpossibleLengthAreDecodeErrors() {
    assertThat(new G729Decoder().samplesIn(7)).isEqualTo(-1);
    assertThat(new G729Decoder().samplesIn(22)).isEqualTo(240);
    assertThat(new G729Decoder().decode(ByteBuffer.allocate(7), 0, 7, new short[800], 0))
        .isEqualTo(-1);
  }

  private static double rms(short[] s, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) s[i] * s[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  private static short[] pcm(byte[] s16le) {
    short[] out = new short[s16le.length / 2];
    ByteBuffer.wrap(s16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
