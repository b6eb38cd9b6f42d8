package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.OggOpus;
import io.siprec.srs.testsupport.Snr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against libopus 1.3.1 (opusdec), at 48 kHz (codec/opus/README.md says how the fixtures were
 * made).
 */
class OpusDecoderTest {

  @Test
  void speechMatchesLibopusWithinFortyDecibels() {
    OggOpus ogg = OggOpus.read(Fixtures.bytes("codec/opus/speech.opus"));
    short[] reference = pcm(Fixtures.bytes("codec/opus/speech.opusdec.s16le"));
    OpusDecoder decoder = new OpusDecoder();
    short[] out = new short[ogg.packets().size() * 960 + 5760];
    int n = 0;
    for (byte[] packet : ogg.packets()) {
      n += decoder.decode(ByteBuffer.wrap(packet), 0, packet.length, out, n);
    }
    // opusdec drops the encoder's pre-skip; so do we here.
    int length = Math.min(reference.length, n - ogg.preSkip());
    double snr = Snr.db(reference, 0, out, ogg.preSkip(), length);
    System.out.printf(
        "[OpusDecoderTest] %d packets, SNR vs libopus %.1f dB%n", ogg.packets().size(), snr);
    assertThat(length).isGreaterThan(reference.length - 960);
    assertThat(snr).isGreaterThanOrEqualTo(40.0);
  }

  @Test
  void lostPacketsAreConcealedNotSilenced() {
    OggOpus ogg = OggOpus.read(Fixtures.bytes("codec/opus/speech.opus"));
    OpusDecoder decoder = new OpusDecoder();
    short[] out = new short[960];
    for (int i = 0; i < 60; i++) {
      byte[] p = ogg.packets().get(i);
      decoder.decode(ByteBuffer.wrap(p), 0, p.length, out, 0);
    }
    short[] concealed = new short[960];
    decoder.conceal(concealed, 0, 960);
    long energy = 0;
    for (short s : concealed) {
      energy += (long) s * s;
    }
    assertThat(energy).as("PLC continues the speech").isGreaterThan(0);
  }

  /**
   * Packets RFC 6716 §3.4 calls malformed (requirements R1-R7) are decode errors (-1, counted by
   * the stream), never an exception and never samples. TOC 0xF8 is configuration 31 (CELT,
   * fullband, 20 ms), mono; its low two bits are the frame-count code (§3.1).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'R1: no TOC byte at all', ''",
    "'R3: code 1 (two equal frames) with an odd payload length', 'F9 01 02 03'",
    "'R4: code 2 whose first frame is longer than the packet', 'FA 20 01 02'",
    "'R5: code 3 with no frames (M = 0)', 'FB 00'",
    "'R5: code 3 with 63 frames of 20 ms, over 120 ms', 'FB 3F 01 02'",
    "'R6: code 3 CBR whose length does not divide into M frames', 'FB 02 01 02 03'",
    "'R7: code 3 with more padding than the packet holds', 'FB 41 FF 01'"
  })
  void aMalformedPacketIsADecodeError(String rule, String hex) {
    OpusDecoder decoder = new OpusDecoder();
    byte[] packet = HexFormat.ofDelimiter(" ").parseHex(hex);
    short[] out = new short[5760];
    assertThat(decoder.decode(ByteBuffer.wrap(packet), 0, packet.length, out, 0))
        .as(rule)
        .isEqualTo(-1);
    assertThat(out).as("nothing written").containsOnly((short) 0);
  }

  private static short[] pcm(byte[] s16le) {
    short[] out = new short[s16le.length / 2];
    ByteBuffer.wrap(s16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
