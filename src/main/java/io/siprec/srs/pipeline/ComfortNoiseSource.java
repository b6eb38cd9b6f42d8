package io.siprec.srs.pipeline;

/**
 * White comfort noise at a given RMS level, for the silences an SRC does not send (G.729 Annex B
 * DTX, RFC 3389). A cheap generator: the sum of four uniform values, close enough to Gaussian.
 */
public final class ComfortNoiseSource {
  private int seed = 0x2545F491;
  private double rms;

  public void level(double rms) {
    this.rms = rms;
  }

  /** RFC 3389: the level byte is minus dBov (0 = full scale, 127 = silence). */
  public void levelFromDbov(int minusDbov) {
    this.rms = minusDbov >= 127 ? 0 : 32768 / Math.sqrt(2) * Math.pow(10, -minusDbov / 20.0);
  }

  public double rms() {
    return rms;
  }

  /**
   * @return samples written (all of them)
   */
  public int fill(short[] out, int offset, int samples) {
    // A sum of four uniforms in [-1, 1) has variance 4/3.
    double scale = rms / Math.sqrt(4.0 / 3.0);
    for (int i = 0; i < samples; i++) {
      double sum = 0;
      for (int k = 0; k < 4; k++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        sum += seed / 2147483648.0;
      }
      long v = Math.round(sum * scale);
      out[offset + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
    return samples;
  }
}
