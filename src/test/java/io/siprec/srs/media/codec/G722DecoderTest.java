package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.media.codec.G722Decoder.Mode;
import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.testsupport.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bit-exact against native decoders (codec/g722/README.md says how the fixtures were made). */
class G722DecoderTest {

  @ParameterizedTest
  @ValueSource(strings = {"ffmpeg", "spandsp"})
  void speechAndASweepDecodeBitExactly(String reference) {
    assertBitExact(
        new G722Decoder(),
        "codec/g722/speech_sweep.g722",
        "codec/g722/speech_sweep." + reference + ".s16le");
  }

  /** Our speech, encoded by spandsp at 64 kbit/s, decoded by spandsp in each mode. */
  @ParameterizedTest
  @CsvSource({"MODE_1_64_KBIT, 1", "MODE_2_56_KBIT, 2", "MODE_3_48_KBIT, 3"})
  void speechDecodesBitExactlyInEachMode(Mode mode, int number) {
    assertBitExact(
        new G722Decoder(mode),
        "codec/g722/speech.g722",
        "codec/g722/speech.mode" + number + ".spandsp.s16le");
  }

  /**
   * Random octets (every code, including the lower-band codes no encoder sends) drive both bands
   * into overload: the predictor's 16-bit saturation and the output limits must match ffmpeg's.
   */
  @ParameterizedTest
  @CsvSource({"MODE_1_64_KBIT, 1", "MODE_2_56_KBIT, 2", "MODE_3_48_KBIT, 3"})
  void randomOctetsDecodeBitExactlyInEachMode(Mode mode, int number) {
    assertBitExact(
        new G722Decoder(mode),
        "codec/g722/random.g722",
        "codec/g722/random.mode" + number + ".ffmpeg.s16le");
  }

  /** Modes 2 and 3 leave the lowest one or two bits to a data channel: they must not be heard. */
  @Test
  void dataChannelBitsChangeOnlyTheModesThatCarryAudioInThem() {
    byte[] g722 = Fixtures.bytes("codec/g722/speech.g722");
    byte[] lowBitFlipped = g722.clone();
    byte[] twoLowBitsFlipped = g722.clone();
    for (int i = 0; i < g722.length; i++) {
      lowBitFlipped[i] ^= (byte) (i % 2);
      twoLowBitsFlipped[i] ^= (byte) (i % 4);
    }
    assertThat(decode(Mode.MODE_2_56_KBIT, lowBitFlipped))
        .isEqualTo(decode(Mode.MODE_2_56_KBIT, g722));
    assertThat(decode(Mode.MODE_3_48_KBIT, twoLowBitsFlipped))
        .isEqualTo(decode(Mode.MODE_3_48_KBIT, g722));
    // Positive control: in mode 1 (and for the second bit, mode 2) those bits are audio.
    assertThat(decode(Mode.MODE_1_64_KBIT, lowBitFlipped))
        .isNotEqualTo(decode(Mode.MODE_1_64_KBIT, g722));
    assertThat(decode(Mode.MODE_2_56_KBIT, twoLowBitsFlipped))
        .isNotEqualTo(decode(Mode.MODE_2_56_KBIT, g722));
  }

  /** RFC 3551 §4.5.2: G.722 over RTP is 64 kbit/s, so negotiated G722 decodes in mode 1. */
  @Test
  void rtpG722DecodesInMode1() {
    Decoder decoder =
        Decoders.forFormat(new PayloadFormat(9, AudioEncoding.G722, 8000, 1, "")).orElseThrow();
    assertThat(decoder).isInstanceOf(G722Decoder.class);
    assertThat(((G722Decoder) decoder).mode()).isEqualTo(Mode.MODE_1_64_KBIT);
  }

  private static void assertBitExact(G722Decoder decoder, String g722Fixture, String pcmFixture) {
    byte[] g722 = Fixtures.bytes(g722Fixture);
    short[] expected = pcm(Fixtures.bytes(pcmFixture));
    short[] out = decodeInPackets(decoder, g722);
    assertThat(out.length).isEqualTo(expected.length);
    int firstDifference = -1;
    int differing = 0;
    for (int i = 0; i < out.length; i++) {
      if (out[i] != expected[i]) {
        differing++;
        if (firstDifference < 0) {
          firstDifference = i;
        }
      }
    }
    assertThat(firstDifference)
        .as("first sample that differs from " + pcmFixture + " (" + differing + " differ)")
        .isEqualTo(-1);
  }

  private static short[] decode(Mode mode, byte[] g722) {
    return decodeInPackets(new G722Decoder(mode), g722);
  }

  /** As RTP delivers it: 20 ms packets of 160 octets, the decoder's state carried across them. */
  private static short[] decodeInPackets(G722Decoder decoder, byte[] g722) {
    short[] out = new short[g722.length * 2];
    int n = 0;
    for (int at = 0; at < g722.length; at += 160) {
      n += decoder.decode(ByteBuffer.wrap(g722), at, Math.min(160, g722.length - at), out, n);
    }
    assertThat(n).isEqualTo(out.length);
    return out;
  }

  private static short[] pcm(byte[] s16le) {
    short[] out = new short[s16le.length / 2];
    ByteBuffer.wrap(s16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
