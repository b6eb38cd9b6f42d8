package io.siprec.srs.media.codec;

import java.nio.ByteBuffer;

/**
 * ITU-T G.722 at 64 kbit/s (mode 1): sub-band ADPCM, one octet per two 16 kHz output samples.
 * Each octet carries a 6-bit lower-band and a 2-bit upper-band code; each band is an adaptive
 * quantiser with a pole-zero predictor (the standard's blocks 2 to 6), and the two bands are
 * recombined by the 24-tap receive QMF. Integer arithmetic exactly as the standard specifies, so
 * the output is bit-exact with other conforming decoders.
 *
 * <p>RFC 3551 gives G.722 an RTP clock of 8000 Hz although it samples at 16000 Hz: the timeline
 * handles that; this decoder just says it outputs 16000.
 */
public final class G722Decoder implements Decoder {

  /** Receive QMF coefficients (G.722 Table 11), in the order they meet the even delay-line taps. */
  private static final int[] QMF = {3, -11, 12, 32, -210, 951, 3876, -805, 362, -156, 53, -11};
  /** Lower band: 6-bit inverse quantiser output levels (mode 1, 64 kbit/s). */
  private static final int[] QM6 = {
    -136, -136, -136, -136, -24808, -21904, -19008, -16704, -14984, -13512, -12280, -11192, -10232, -9360, -8576,
    -7856, -7192, -6576, -6000, -5456, -4944, -4464, -4008, -3576, -3168, -2776, -2400, -2032, -1688, -1360, -1040,
    -728, 24808, 21904, 19008, 16704, 14984, 13512, 12280, 11192, 10232, 9360, 8576, 7856, 7192, 6576, 6000, 5456,
    4944, 4464, 4008, 3576, 3168, 2776, 2400, 2032, 1688, 1360, 1040, 728, 432, 136, -432, -136
  };
  /** Lower band: 4-bit inverse quantiser, used for predictor adaptation. */
  private static final int[] QM4 = {
    0, -20456, -12896, -8968, -6288, -4240, -2584, -1200, 20456, 12896, 8968, 6288, 4240, 2584, 1200, 0
  };
  /** Upper band: 2-bit inverse quantiser. */
  private static final int[] QM2 = {-7408, -1616, 7408, 1616};
  /** Log-scale factor multipliers and the codes that select them. */
  private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};
  private static final int[] RL42 = {0, 7, 6, 5, 4, 3, 2, 1, 7, 6, 5, 4, 3, 2, 1, 0};
  private static final int[] WH = {0, -214, 798};
  private static final int[] RH2 = {2, 1, 2, 1};
  /** Antilog table for the scale factors. */
  private static final int[] ILB = {
    2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834, 2896, 2960,
    3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008
  };

  private final Band low = new Band(32);
  private final Band high = new Band(8);
  private final int[] qmfDelay = new int[24];

  @Override
  public int sampleRate() {
    return 16000;
  }

  @Override
  public int samplesIn(int payloadLength) {
    return 2 * payloadLength;
  }

  @Override
  public int decode(ByteBuffer payload, int offset, int length, short[] out, int outOffset) {
    int o = outOffset;
    for (int i = 0; i < length; i++) {
      int code = payload.get(offset + i) & 0xff;
      int rlow = decodeLow(code & 0x3f);
      int rhigh = decodeHigh(code >>> 6);
      o = synthesise(rlow, rhigh, out, o);
    }
    return o - outOffset;
  }

  private int decodeLow(int code) {
    // INVQBL and RECONS: the reconstructed lower-band sample, from all 6 bits.
    int r = limit(low.s + ((low.det * QM6[code]) >> 15));
    // INVQAL: the 4-bit difference that drives adaptation.
    int code4 = code >> 2;
    int d = (low.det * QM4[code4]) >> 15;
    // LOGSCL and SCALEL
    int nb = ((low.nb * 127) >> 7) + WL[RL42[code4]];
    low.nb = nb < 0 ? 0 : Math.min(nb, 18432);
    low.det = scale(low.nb, 8);
    low.adapt(d);
    return r;
  }

  private int decodeHigh(int code) {
    int d = (high.det * QM2[code]) >> 15;
    int r = limit(high.s + d);
    int nb = ((high.nb * 127) >> 7) + WH[RH2[code]];
    high.nb = nb < 0 ? 0 : Math.min(nb, 22528);
    high.det = scale(high.nb, 10);
    high.adapt(d);
    return r;
  }

  /** The receive QMF: two output samples from one lower-band and one upper-band sample. */
  private int synthesise(int rlow, int rhigh, short[] out, int o) {
    System.arraycopy(qmfDelay, 2, qmfDelay, 0, 22);
    qmfDelay[22] = rlow + rhigh;
    qmfDelay[23] = rlow - rhigh;
    int even = 0;
    int odd = 0;
    for (int i = 0; i < 12; i++) {
      even += qmfDelay[2 * i] * QMF[i];
      odd += qmfDelay[2 * i + 1] * QMF[11 - i];
    }
    out[o] = (short) saturate(odd >> 11);
    out[o + 1] = (short) saturate(even >> 11);
    return o + 2;
  }

  /** SCALEL / SCALEH: the quantiser scale from its logarithm. */
  private static int scale(int nb, int shift) {
    int wd1 = (nb >> 6) & 31;
    int wd2 = shift - (nb >> 11);
    int wd3 = wd2 < 0 ? ILB[wd1] << -wd2 : ILB[wd1] >> wd2;
    return wd3 << 2;
  }

  private static int limit(int v) {
    return v > 16383 ? 16383 : Math.max(v, -16384);
  }

  static int saturate(int v) {
    return v > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(v, Short.MIN_VALUE);
  }

  /** One sub-band's adaptive predictor state (block 4: two poles, six zeros). */
  private static final class Band {
    int s; // signal estimate
    int sp; // pole part of the estimate
    int sz; // zero part of the estimate
    int nb; // log scale factor
    int det; // quantiser scale
    final int[] r = new int[3]; // reconstructed signal, delayed
    final int[] a = new int[3]; // pole coefficients
    final int[] ap = new int[3];
    final int[] p = new int[3]; // partially reconstructed signal, delayed
    final int[] d = new int[7]; // quantised differences, delayed
    final int[] b = new int[7]; // zero coefficients
    final int[] bp = new int[7];
    final int[] sg = new int[7]; // signs

    Band(int initialScale) {
      det = initialScale;
    }

    void adapt(int dq) {
      // RECONS, PARREC
      d[0] = dq;
      r[0] = saturate(s + dq);
      p[0] = saturate(sz + dq);
      // UPPOL2: second pole coefficient
      for (int i = 0; i < 3; i++) {
        sg[i] = p[i] >> 15;
      }
      int wd1 = saturate(a[1] << 2);
      int wd2 = sg[0] == sg[1] ? -wd1 : wd1;
      if (wd2 > 32767) {
        wd2 = 32767;
      }
      int wd3 = (sg[0] == sg[2] ? 128 : -128) + (wd2 >> 7) + ((a[2] * 32512) >> 15);
      ap[2] = wd3 > 12288 ? 12288 : Math.max(wd3, -12288);
      // UPPOL1: first pole coefficient, kept inside the stability triangle
      sg[0] = p[0] >> 15;
      sg[1] = p[1] >> 15;
      wd1 = sg[0] == sg[1] ? 192 : -192;
      wd2 = (a[1] * 32640) >> 15;
      ap[1] = saturate(wd1 + wd2);
      wd3 = saturate(15360 - ap[2]);
      if (ap[1] > wd3) {
        ap[1] = wd3;
      } else if (ap[1] < -wd3) {
        ap[1] = -wd3;
      }
      // UPZERO: six zero coefficients
      wd1 = dq == 0 ? 0 : 128;
      sg[0] = dq >> 15;
      for (int i = 1; i < 7; i++) {
        sg[i] = d[i] >> 15;
        wd2 = sg[i] == sg[0] ? wd1 : -wd1;
        wd3 = (b[i] * 32640) >> 15;
        bp[i] = saturate(wd2 + wd3);
      }
      // DELAYA
      for (int i = 6; i > 0; i--) {
        d[i] = d[i - 1];
        b[i] = bp[i];
      }
      for (int i = 2; i > 0; i--) {
        r[i] = r[i - 1];
        p[i] = p[i - 1];
        a[i] = ap[i];
      }
      // FILTEP, FILTEZ, PREDIC: the next signal estimate
      wd1 = saturate(r[1] + r[1]);
      wd1 = (a[1] * wd1) >> 15;
      wd2 = saturate(r[2] + r[2]);
      wd2 = (a[2] * wd2) >> 15;
      sp = saturate(wd1 + wd2);
      int zero = 0;
      for (int i = 6; i > 0; i--) {
        int dd = saturate(d[i] + d[i]);
        zero += (b[i] * dd) >> 15;
      }
      sz = saturate(zero);
      s = saturate(sp + sz);
    }
  }
}
