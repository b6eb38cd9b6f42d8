package io.siprec.srs.media.codec;

import io.siprec.srs.pipeline.Decoder;
import java.nio.ByteBuffer;

/**
 * ITU-T G.722 (7 kHz audio coding within 64 kbit/s) decoder, written from the Recommendation's
 * description of the SB-ADPCM decoder: §4 (decoder principles), §5 (receive QMF) and §6 (the
 * computational details of the lower and higher sub-band ADPCM decoders, block by block, with their
 * tables). Method and variable comments name the spec's blocks (INVQBL, LOGSCL, UPPOL2, ...) and
 * variables (DETL, NBL, ...), so the code can be read next to the text. Where the text left a
 * question (overflow, codes no encoder sends, 16-bit output scaling) the answer was checked against
 * the native decoders' output; docs/media.md says what it is checked against.
 *
 * <p>Each octet is {@code IH IH IL IL IL IL IL IL} (most significant bit first): a 2-bit
 * higher-band code and a 6-bit lower-band code, giving two 16 kHz output samples. In modes 2 and 3
 * the one or two least significant lower-band bits belong to an auxiliary data channel; the
 * decoder's output then uses only the remaining bits while the adaptation always uses the four most
 * significant ones (§4), so all modes decode the same octets. RFC 3551 G722 is mode 1.
 *
 * <p>RFC 3551 gives G.722 an RTP clock of 8000 Hz although it samples at 16000 Hz: the timeline
 * handles that; this decoder just says it outputs 16000.
 */
public final class G722Decoder implements Decoder {

  /** §1.1: the three modes, by the bit rate left to audio. */
  public enum Mode {
    /** 64 kbit/s: all six lower-band bits are audio (RFC 3551's G722). */
    MODE_1_64_KBIT(6),
    /** 56 kbit/s: the lowest lower-band bit carries 8 kbit/s of data. */
    MODE_2_56_KBIT(5),
    /** 48 kbit/s: the two lowest lower-band bits carry 16 kbit/s of data. */
    MODE_3_48_KBIT(4);

    final int lowerBandAudioBits;

    Mode(int lowerBandAudioBits) {
      this.lowerBandAudioBits = lowerBandAudioBits;
    }
  }

  // ---- §6 tables, laid out as the Recommendation's quantizer tables: one row per interval m -----
  // QQn(m) is the interval's output value; ILN(m) and ILP(m) its codes for a negative and for a
  // positive difference signal. Index 0 of the ILN/ILP columns is unused. A decoder goes from the
  // code to the interval and the sign (QuantizerTable), then applies the sign to QQn(m).

  /** 6-bit lower-band quantizer, mL = 1..30: output values QQ6 (mode 1 decoder output). */
  private static final int[] QQ6 = {
    0, 17, 54, 91, 130, 170, 211, 254, 300, 347, 396, 447, 501, 558, 618, 682, 750, 822, 899, 982,
    1072, 1170, 1279, 1399, 1535, 1689, 1873, 2088, 2376, 2738, 3101
  };

  private static final int[] ILN6 = {
    -1, 0b111111, 0b111110, 0b011111, 0b011110, 0b011101, 0b011100, 0b011011, 0b011010, 0b011001,
    0b011000, 0b010111, 0b010110, 0b010101, 0b010100, 0b010011, 0b010010, 0b010001, 0b010000,
    0b001111, 0b001110, 0b001101, 0b001100, 0b001011, 0b001010, 0b001001, 0b001000, 0b000111,
    0b000110, 0b000101, 0b000100
  };
  private static final int[] ILP6 = {
    -1, 0b111101, 0b111100, 0b111011, 0b111010, 0b111001, 0b111000, 0b110111, 0b110110, 0b110101,
    0b110100, 0b110011, 0b110010, 0b110001, 0b110000, 0b101111, 0b101110, 0b101101, 0b101100,
    0b101011, 0b101010, 0b101001, 0b101000, 0b100111, 0b100110, 0b100101, 0b100100, 0b100011,
    0b100010, 0b100001, 0b100000
  };

  /** 5-bit lower-band quantizer, m = 1..15: output values QQ5 (mode 2 decoder output). */
  private static final int[] QQ5 = {
    0, 35, 110, 190, 276, 370, 473, 587, 714, 858, 1023, 1219, 1458, 1765, 2195, 2919
  };

  private static final int[] ILN5 = {
    -1, 0b11111, 0b01111, 0b01110, 0b01101, 0b01100, 0b01011, 0b01010, 0b01001, 0b01000, 0b00111,
    0b00110, 0b00101, 0b00100, 0b00011, 0b00010
  };
  private static final int[] ILP5 = {
    -1, 0b11110, 0b11101, 0b11100, 0b11011, 0b11010, 0b11001, 0b11000, 0b10111, 0b10110, 0b10101,
    0b10100, 0b10011, 0b10010, 0b10001, 0b10000
  };

  /**
   * 4-bit lower-band quantizer, m = 0..7: output values QQ4 (mode 3 decoder output, and in every
   * mode the difference DLT that drives the adaptation). m = 0 is the zero level, code 1111.
   */
  private static final int[] QQ4 = {0, 150, 323, 530, 786, 1121, 1612, 2557};

  private static final int[] ILN4 = {-1, 0b0111, 0b0110, 0b0101, 0b0100, 0b0011, 0b0010, 0b0001};
  private static final int[] ILP4 = {-1, 0b1110, 0b1101, 0b1100, 0b1011, 0b1010, 0b1001, 0b1000};
  private static final int ZERO_CODE_4 = 0b1111;

  /** LOGSCL: log scale-factor multipliers WL, by the 4-bit interval m. */
  private static final int[] WL = {-60, -30, 58, 172, 334, 538, 1198, 3042};

  /** 2-bit higher-band quantizer, mH = 1..2: output values QQ2 and codes. */
  private static final int[] QQ2 = {0, 202, 926};

  private static final int[] ILN2 = {-1, 0b01, 0b00};
  private static final int[] ILP2 = {-1, 0b11, 0b10};

  /** LOGSCH: log scale-factor multipliers WH, by mH. */
  private static final int[] WH = {0, -214, 798};

  /** SCALEL, SCALEH: the antilog table ILB(i) = 2048 * 2^(i/32), rounded. */
  private static final int[] ILB = {
    2048, 2093, 2139, 2186, 2233, 2282, 2332, 2383, 2435, 2489, 2543, 2599, 2656, 2714, 2774, 2834,
    2896, 2960, 3025, 3091, 3158, 3228, 3298, 3371, 3444, 3520, 3597, 3676, 3756, 3838, 3922, 4008
  };

  /** §5: QMF coefficients h0..h23, times 2^13. */
  private static final int[] H = {
    3, -11, -11, 53, 12, -156, 32, 362, -210, -805, 951, 3876,
    3876, 951, -805, -210, 362, 32, -156, 12, 53, -11, -11, 3
  };

  private static final QuantizerTable LOWER_6 = new QuantizerTable(6, QQ6, ILN6, ILP6);
  private static final QuantizerTable LOWER_5 = new QuantizerTable(5, QQ5, ILN5, ILP5);
  private static final QuantizerTable LOWER_4 = new QuantizerTable(4, QQ4, ILN4, ILP4, ZERO_CODE_4);
  private static final QuantizerTable HIGHER_2 = new QuantizerTable(2, QQ2, ILN2, ILP2);

  /** §6 LIMIT: the reconstructed sub-band signals are limited to 15 bits. */
  private static final int LIMIT_MIN = -16384;

  private static final int LIMIT_MAX = 16383;

  private final Mode mode;

  /** INVQBL's table for this mode, and how many low bits of IL are not audio. */
  private final QuantizerTable lowerOutputQuantizer;

  private final int lowerDataBits;

  // Lower sub-band ADPCM decoder state (the spec's delayed variables; §6 reset values).
  private int lowerScaleFactor = 32; // DETL
  private int lowerScaleFactorLog; // NBL
  private final AdaptivePredictor lowerPredictor = new AdaptivePredictor();

  // Higher sub-band ADPCM decoder state.
  private int higherScaleFactor = 8; // DETH
  private int higherScaleFactorLog; // NBH
  private final AdaptivePredictor higherPredictor = new AdaptivePredictor();

  // Receive QMF delay lines (§5): xd(j-i) and xs(j-i) for i = 0..11, each stored twice so that the
  // newest twelve are always contiguous from qmfNewest.
  private final int[] qmfDifference = new int[24];
  private final int[] qmfSum = new int[24];
  private int qmfNewest;

  /** Mode 1, 64 kbit/s: what RTP carries (RFC 3551 §4.5.2). */
  public G722Decoder() {
    this(Mode.MODE_1_64_KBIT);
  }

  public G722Decoder(Mode mode) {
    this.mode = mode;
    this.lowerDataBits = 6 - mode.lowerBandAudioBits;
    this.lowerOutputQuantizer =
        mode == Mode.MODE_1_64_KBIT ? LOWER_6 : mode == Mode.MODE_2_56_KBIT ? LOWER_5 : LOWER_4;
  }

  public Mode mode() {
    return mode;
  }

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
      int octet = payload.get(offset + i) & 0xff;
      int rl = lowerSubBand(octet & 0x3f);
      int rh = higherSubBand(octet >>> 6);
      receiveQmf(rl, rh, out, o);
      o += 2;
    }
    return o - outOffset;
  }

  /** §6, lower sub-band ADPCM decoder: code ILR in, reconstructed signal RL out (8 kHz). */
  private int lowerSubBand(int ilr) {
    AdaptivePredictor predictor = lowerPredictor;
    int detl = lowerScaleFactor;

    // INVQBL: the decoder output's difference signal DL, from the mode's audio bits of ILR.
    int dl = lowerOutputQuantizer.invert(ilr >> lowerDataBits, detl);
    // RECONS and LIMIT: RL = SL + DL, limited.
    int rl = limit(predictor.estimate + dl);

    // INVQAL: the 4-bit difference signal DLT, from ILR's four most significant bits (all modes).
    int il4 = ilr >> 2;
    int dlt = LOWER_4.invert(il4, detl);

    // LOGSCL: NBPL = NBL * 127/128 + WL, limited to 0..18432.
    int nbpl = ((lowerScaleFactorLog * 32512) >> 15) + WL[LOWER_4.intervalOfCode[il4]];
    nbpl = Math.max(0, Math.min(18432, nbpl));
    // SCALEL: DEPL from NBPL through the antilog table.
    int depl = scaleFactor(nbpl, 8);

    // RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC.
    predictor.adapt(dlt);
    // DELAYA: DETL and NBL for the next sample.
    lowerScaleFactor = depl;
    lowerScaleFactorLog = nbpl;
    return rl;
  }

  /** §6, higher sub-band ADPCM decoder: code IH in, reconstructed signal RH out (8 kHz). */
  private int higherSubBand(int ih) {
    AdaptivePredictor predictor = higherPredictor;

    // INVQAH: the difference signal DH.
    int dh = HIGHER_2.invert(ih, higherScaleFactor);
    // RECONS and LIMIT: RH = SH + DH, limited.
    int rh = limit(predictor.estimate + dh);

    // LOGSCH: NBPH = NBH * 127/128 + WH, limited to 0..22528.
    int nbph = ((higherScaleFactorLog * 32512) >> 15) + WH[HIGHER_2.intervalOfCode[ih]];
    nbph = Math.max(0, Math.min(22528, nbph));
    // SCALEH: DEPH from NBPH.
    int deph = scaleFactor(nbph, 10);

    // The same predictor blocks as the lower band, driven by DH.
    predictor.adapt(dh);
    // DELAYA: DETH and NBH for the next sample.
    higherScaleFactor = deph;
    higherScaleFactorLog = nbph;
    return rh;
  }

  /**
   * SCALEL (shiftBase 8) and SCALEH (shiftBase 10): WD1 = (NBP >> 6) & 31, WD2 = NBP >> 11, WD3 =
   * ILB(WD1) >> (shiftBase - WD2), scale factor = WD3 << 2. At the top of NBP's range the shift
   * count is -1, a shift to the left.
   */
  private static int scaleFactor(int nbp, int shiftBase) {
    int wd1 = (nbp >> 6) & 31;
    int wd2 = nbp >> 11;
    int shift = shiftBase - wd2;
    int wd3 = shift >= 0 ? ILB[wd1] >> shift : ILB[wd1] << -shift;
    return wd3 << 2;
  }

  /** §6 LIMIT. */
  private static int limit(int x) {
    return x > LIMIT_MAX ? LIMIT_MAX : Math.max(x, LIMIT_MIN);
  }

  /**
   * §5 receive QMF: xd(j) = rL(j) - rH(j), xs(j) = rL(j) + rH(j); xout(j) = 2 * sum h(2i) xd(j-i),
   * xout(j+1) = 2 * sum h(2i+1) xs(j-i), i = 0..11. With h in units of 2^-13 the factor 2 makes
   * xout the integer sum >> 12, at the scale of the 15-bit sub-band signals. The Recommendation's
   * receive audio part takes 14 bits; we deliver 16-bit PCM, the sum >> 11 saturated, which is also
   * what the native decoders output.
   */
  private void receiveQmf(int rl, int rh, short[] out, int o) {
    int newest = qmfNewest == 0 ? 11 : qmfNewest - 1;
    qmfNewest = newest;
    int[] xd = qmfDifference;
    int[] xs = qmfSum;
    int difference = rl - rh;
    int sum = rl + rh;
    xd[newest] = difference;
    xd[newest + 12] = difference;
    xs[newest] = sum;
    xs[newest + 12] = sum;
    int even = 0;
    int odd = 0;
    for (int i = 0; i < 12; i++) {
      even += H[2 * i] * xd[newest + i];
      odd += H[2 * i + 1] * xs[newest + i];
    }
    out[o] = saturate(even >> 11);
    out[o + 1] = saturate(odd >> 11);
  }

  private static short saturate(int x) {
    return (short) saturate16(x);
  }

  /**
   * The block equations work on 16-bit two's-complement words. Where a sum or left shift can leave
   * that range we saturate it, as the native decoders do (the spec text we had does not spell out
   * overflow). The fixtures pin UPPOL2's -4 AL1 and FILTEP's 2 RLT1 and 2 RLT2; RECONS, PARREC,
   * FILTEP's and FILTEZ's sums and PREDIC saturate the same way, though no fixture reaches them.
   */
  static int saturate16(int x) {
    return x > Short.MAX_VALUE ? Short.MAX_VALUE : Math.max(x, Short.MIN_VALUE);
  }

  /**
   * One quantizer's table in the spec's layout (output values by interval, the interval's codes)
   * and the inverse mapping a decoder needs: code -> interval, code -> sign.
   */
  private static final class QuantizerTable {
    final int[] outputValue;
    final int[] intervalOfCode;
    final boolean[] negativeCode;

    QuantizerTable(int bits, int[] outputValue, int[] iln, int[] ilp) {
      this(bits, outputValue, iln, ilp, -1);
    }

    QuantizerTable(int bits, int[] outputValue, int[] iln, int[] ilp, int zeroCode) {
      int codes = 1 << bits;
      this.outputValue = outputValue;
      this.intervalOfCode = new int[codes];
      this.negativeCode = new boolean[codes];
      boolean[] assigned = new boolean[codes];
      for (int m = 1; m < iln.length; m++) {
        intervalOfCode[iln[m]] = m;
        negativeCode[iln[m]] = true;
        intervalOfCode[ilp[m]] = m;
        assigned[iln[m]] = true;
        assigned[ilp[m]] = true;
      }
      if (zeroCode >= 0) {
        intervalOfCode[zeroCode] = 0;
        assigned[zeroCode] = true;
      }
      // The codes no interval has (000000..000011, 00000, 00001, 0000: an encoder never sends
      // them) decode as the all-ones code, as the native reference decoders do (see the notes in
      // codec/g722/README.md); the Recommendation text we worked from does not say.
      int allOnes = codes - 1;
      for (int code = 0; code < codes; code++) {
        if (!assigned[code]) {
          intervalOfCode[code] = intervalOfCode[allOnes];
          negativeCode[code] = negativeCode[allOnes];
        }
      }
    }

    /**
     * INVQBL, INVQAL, INVQAH: WD1 = QQ(m) << 3, WD2 = WD1 with the code's sign, difference signal =
     * (DET * WD2) >> 15.
     */
    int invert(int code, int det) {
      int wd1 = outputValue[intervalOfCode[code]] << 3;
      int wd2 = negativeCode[code] ? -wd1 : wd1;
      return (det * wd2) >> 15;
    }
  }

  /**
   * §6 adaptive predictor: a two-pole, six-zero predictor whose coefficients follow the signs of
   * the signals (blocks RECONS, PARREC, UPPOL2, UPPOL1, UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC).
   * The higher sub-band's predictor is the same computation with H for L, so both use this class.
   * Names are the lower band's: RLT, PLT, AL, BL, DLT, SZL, SL.
   */
  private static final class AdaptivePredictor {
    /** SL: the signal estimate for the next sample (PREDIC). */
    int estimate;

    /** SZL: the zero section's part of it (FILTEZ). */
    private int zeroEstimate;

    /** AL1, AL2: pole section coefficients. */
    private int a1;

    private int a2;

    /** BL1..BL6 at index 1..6: zero section coefficients. */
    private final int[] b = new int[7];

    /** DLT1..DLT6 at index 1..6: the last six difference signals. */
    private final int[] d = new int[7];

    /** RLT1, RLT2: the last two reconstructed signals. */
    private int r1;

    private int r2;

    /** PLT1, PLT2: the last two partially reconstructed signals. */
    private int p1;

    private int p2;

    /** One sample's adaptation with the quantized difference signal DLT; leaves the next SL. */
    void adapt(int dlt) {
      // RECONS: RLT = SL + DLT.
      int rlt = saturate16(estimate + dlt);
      // PARREC: PLT = DLT + SZL.
      int plt = saturate16(dlt + zeroEstimate);

      // UPPOL2: APL2 = (±4 AL1 >> 7) ± 128 + AL2 * 127/128, limited to ±12288; the signs compare
      // PLT with PLT1 and with PLT2.
      int wd1 = saturate16(a1 << 2);
      int wd2 = saturate16(sameSign(plt, p1) ? -wd1 : wd1) >> 7;
      int wd3 = sameSign(plt, p2) ? 128 : -128;
      int apl2 = wd2 + wd3 + ((a2 * 32512) >> 15);
      apl2 = Math.max(-12288, Math.min(12288, apl2));

      // UPPOL1: APL1 = ±192 + AL1 * 255/256, limited to ±(15360 - APL2).
      int apl1 = (sameSign(plt, p1) ? 192 : -192) + ((a1 * 32640) >> 15);
      int bound = 15360 - apl2;
      apl1 = Math.max(-bound, Math.min(bound, apl1));

      // UPZERO: BPLi = ±128 (0 when DLT = 0) + BLi * 255/256, the sign comparing DLT with DLTi.
      int step = dlt == 0 ? 0 : 128;
      int[] b = this.b;
      int[] d = this.d;
      for (int i = 1; i <= 6; i++) {
        b[i] = (sameSign(dlt, d[i]) ? step : -step) + ((b[i] * 32640) >> 15);
      }

      // DELAYA: everything moves one sample on.
      for (int i = 6; i > 1; i--) {
        d[i] = d[i - 1];
      }
      d[1] = dlt;
      r2 = r1;
      r1 = rlt;
      p2 = p1;
      p1 = plt;
      a1 = apl1;
      a2 = apl2;

      // FILTEP: SPL = (AL1 * 2 RLT1) >> 15 + (AL2 * 2 RLT2) >> 15.
      int spl = saturate16(((a1 * saturate16(r1 + r1)) >> 15) + ((a2 * saturate16(r2 + r2)) >> 15));
      // FILTEZ: SZL = sum over i of (BLi * 2 DLTi) >> 15. (|DLT| < 2^14, so 2 DLTi fits.)
      int szl = 0;
      for (int i = 1; i <= 6; i++) {
        szl = saturate16(szl + ((b[i] * (d[i] + d[i])) >> 15));
      }
      // PREDIC: SL = SPL + SZL.
      zeroEstimate = szl;
      estimate = saturate16(spl + szl);
    }

    /** The spec's SGx = X >> 15 on 16-bit words: equal sign bits (zero counts as positive). */
    private static boolean sameSign(int x, int y) {
      return (x ^ y) >= 0;
    }
  }
}
