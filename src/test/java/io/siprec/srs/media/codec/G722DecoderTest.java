package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bit-exact against native decoders (codec/g722/README.md says how the fixtures were made). */
class G722DecoderTest {

  @ParameterizedTest
  @ValueSource(strings = {"ffmpeg", "spandsp"})
  void speechAndASweepDecodeBitExactly(String reference) {
    byte[] g722 = Fixtures.bytes("codec/g722/speech_sweep.g722");
    short[] expected = pcm(Fixtures.bytes("codec/g722/speech_sweep." + reference + ".s16le"));
    G722Decoder decoder = new G722Decoder();
    short[] out = new short[g722.length * 2];
    int n = 0;
    // As RTP delivers it: 20 ms packets of 160 octets.
    for (int at = 0; at < g722.length; at += 160) {
      n += decoder.decode(ByteBuffer.wrap(g722), at, Math.min(160, g722.length - at), out, n);
    }
    assertThat(n).isEqualTo(expected.length);
    int firstDifference = -1;
    for (int i = 0; i < n && firstDifference < 0; i++) {
      if (out[i] != expected[i]) {
        firstDifference = i;
      }
    }
    assertThat(firstDifference).as("first sample that differs from " + reference).isEqualTo(-1);
  }

  private static short[] pcm(byte[] s16le) {
    short[] out = new short[s16le.length / 2];
    ByteBuffer.wrap(s16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
