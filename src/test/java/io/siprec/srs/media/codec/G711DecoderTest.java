package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.testsupport.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class G711DecoderTest {

  @ParameterizedTest
  @CsvSource({
    "ulaw, sox", "ulaw, ffmpeg",
    "alaw, sox", "alaw, ffmpeg"
  })
  void everyCodeWordMatchesTheNativeReferenceBitForBit(String law, String reference) {
    byte[] codes = Fixtures.bytes("codec/g711/all_codes.bin");
    short[] expected =
        pcm(Fixtures.bytes("codec/g711/all_codes_" + law + "." + reference + ".s16le"));
    Decoder decoder = law.equals("ulaw") ? G711Decoder.muLaw() : G711Decoder.aLaw();
    short[] out = new short[300];

    int n = decoder.decode(ByteBuffer.wrap(codes), 0, codes.length, out, 10);

    assertThat(n).isEqualTo(256);
    short[] decoded = Arrays.copyOfRange(out, 10, 266);
    assertThat(decoded).containsExactly(expected);
  }

  private static short[] pcm(byte[] s16le) {
    short[] out = new short[s16le.length / 2];
    ByteBuffer.wrap(s16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
