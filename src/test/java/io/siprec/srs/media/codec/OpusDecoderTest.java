package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.OggOpus;
import io.siprec.srs.testsupport.Snr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Against libopus 1.3.1 (opusdec), at 48 kHz (codec/opus/README.md says how the fixtures were made). */
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
    System.out.printf("[OpusDecoderTest] %d packets, SNR vs libopus %.1f dB%n", ogg.packets().size(), snr);
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

  @Test
  void garbageIsADecodeErrorNotAnException() {
    OpusDecoder decoder = new OpusDecoder();
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThat(decoder.decode(ByteBuffer.wrap(garbage), 0, 3, new short[5760], 0)).isLessThanOrEqualTo(5760);
    assertThat(decoder.decode(ByteBuffer.wrap(garbage), 0, 0, new short[5760], 0)).isEqualTo(-1);
  }

  private static short[] pcm(byte[] s16le) {
    short[] out = new short[s16le.length / 2];
    ByteBuffer.wrap(s16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
