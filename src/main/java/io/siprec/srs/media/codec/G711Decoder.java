package io.siprec.srs.media.codec;

import io.siprec.srs.pipeline.Decoder;
import java.nio.ByteBuffer;

/**
 * ITU-T G.711 mu-law and A-law expansion by table: one byte in, one 16-bit sample out. The tables
 * are computed from the G.711 expansion rules at class load. Lost packets are concealed by {@link
 * G711Concealment} (G.711 Appendix I's waveform substitution), which keeps the last 48.75 ms of the
 * stream: hence one decoder per stream.
 */
public final class G711Decoder implements Decoder {
  private static final short[] MU_LAW = new short[256];
  private static final short[] A_LAW = new short[256];

  static {
    for (int i = 0; i < 256; i++) {
      MU_LAW[i] = expandMuLaw(i);
      A_LAW[i] = expandALaw(i);
    }
  }

  private final short[] table;
  private final G711Concealment concealment = new G711Concealment();

  private G711Decoder(short[] table) {
    this.table = table;
  }

  public static G711Decoder muLaw() {
    return new G711Decoder(MU_LAW);
  }

  public static G711Decoder aLaw() {
    return new G711Decoder(A_LAW);
  }

  @Override
  public int sampleRate() {
    return 8000;
  }

  @Override
  public int samplesIn(int payloadLength) {
    return payloadLength;
  }

  @Override
  public int decode(ByteBuffer payload, int offset, int length, short[] out, int outOffset) {
    short[] t = table;
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = t[payload.get(offset + i) & 0xff];
    }
    concealment.received(out, outOffset, length); // after a loss, its start is overlap-added
    return length;
  }

  @Override
  public int conceal(short[] out, int outOffset, int samples) {
    concealment.conceal(out, outOffset, samples);
    return samples;
  }

  /**
   * G.711 §2: mu-law code words are sent inverted; the magnitude is ((2m+33) << e) - 33, scaled by
   * 4.
   */
  static short expandMuLaw(int codeWord) {
    int u = ~codeWord & 0xff;
    int exponent = (u >> 4) & 0x07;
    int mantissa = u & 0x0f;
    int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
  }

  /**
   * G.711 §3: A-law code words have every other bit inverted (XOR 0x55); the sign bit set is
   * positive.
   */
  static short expandALaw(int codeWord) {
    int a = (codeWord ^ 0x55) & 0xff;
    int exponent = (a >> 4) & 0x07;
    int mantissa = a & 0x0f;
    int magnitude =
        exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
    return (short) ((a & 0x80) != 0 ? magnitude : -magnitude);
  }
}
