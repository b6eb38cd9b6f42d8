package io.siprec.srs.pipeline;

/**
 * The resampler as first written: one output sample at a time, the filter's history in a ring.
 * Kept as the reference that {@link Resampler} must match to the bit.
 */
final class ScalarResampler {
  /** Taps per output sample, before zero taps are skipped; sets the transition band's width. */
  private static final int TAPS_PER_PHASE = 32;
  private static final double KAISER_BETA = 8.0;

  private final int inRate;
  private final int outRate;
  private final int up; // L
  private final int down; // M
  private final float[][] coefficients; // per phase: non-zero taps
  private final int[][] offsets; // per phase: which past input sample each tap multiplies
  private final float[] history; // the last TAPS_PER_PHASE input samples, newest last, duplicated for wrap-free reads
  private final int historyLength;
  private int historyPos;
  private long phase; // position of the next output sample in the up-sampled domain, relative to the newest input

  ScalarResampler(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException("sample rates must be positive");
    }
    this.inRate = inRate;
    this.outRate = outRate;
    int g = gcd(inRate, outRate);
    this.up = outRate / g;
    this.down = inRate / g;
    this.historyLength = TAPS_PER_PHASE;
    this.history = new float[2 * historyLength];
    if (up == down) {
      coefficients = new float[0][];
      offsets = new int[0][];
      return;
    }
    // Prototype low-pass at the up-sampled rate: cut-off at the lower Nyquist frequency, a little
    // below it when reducing the rate so that nothing above it can alias.
    int n = up * TAPS_PER_PHASE - (up == 2 && down == 1 ? 1 : 0); // doubling: odd, half-band
    double nyquistFraction = up > down ? 1.0 : 0.92;
    double cutoff = 0.5 * nyquistFraction / Math.max(up, down); // cycles per up-sampled sample
    double[] h = new double[n];
    double centre = (n - 1) / 2.0;
    double i0Beta = besselI0(KAISER_BETA);
    for (int i = 0; i < n; i++) {
      double t = i - centre;
      double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
      double r = t / centre;
      double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      h[i] = sinc * window * up; // gain L restores the level lost to zero-stuffing
    }
    coefficients = new float[up][];
    offsets = new int[up][];
    for (int p = 0; p < up; p++) {
      int count = 0;
      for (int k = 0; k < TAPS_PER_PHASE && p + k * up < n; k++) {
        if (Math.abs(h[p + k * up]) > 1e-9) {
          count++;
        }
      }
      coefficients[p] = new float[count];
      offsets[p] = new int[count];
      int j = 0;
      for (int k = 0; k < TAPS_PER_PHASE && p + k * up < n; k++) {
        double c = h[p + k * up];
        if (Math.abs(c) > 1e-9) {
          coefficients[p][j] = (float) c;
          offsets[p][j] = k;
          j++;
        }
      }
    }
  }

  public int inRate() {
    return inRate;
  }

  public int outRate() {
    return outRate;
  }

  /** Converts nothing: the rates are equal. */
  public boolean isPassThrough() {
    return up == down;
  }

  /** The most output samples {@code inputSamples} can produce in one call. */
  public int maxOutput(int inputSamples) {
    return (int) (((long) inputSamples * up + down - 1) / down) + 1;
  }

  /**
   * Converts a block.
   *
   * @return output samples written
   */
  public int process(short[] in, int inOffset, int length, short[] out, int outOffset) {
    if (up == down) {
      System.arraycopy(in, inOffset, out, outOffset, length);
      return length;
    }
    int written = 0;
    for (int i = 0; i < length; i++) {
      push(in[inOffset + i]);
      // Output samples whose up-sampled position falls within this input sample's slot.
      while (phase < up) {
        int p = (int) phase;
        float[] c = coefficients[p];
        int[] o = offsets[p];
        float acc = 0;
        int newest = historyPos + historyLength - 1;
        for (int k = 0; k < c.length; k++) {
          acc += c[k] * history[newest - o[k]];
        }
        out[outOffset + written++] = clip(acc);
        phase += down;
      }
      phase -= up;
    }
    return written;
  }

  /** Forgets past input (after a discontinuity: a long gap or a new source). */
  public void reset() {
    java.util.Arrays.fill(history, 0f);
    historyPos = 0;
    phase = 0;
  }

  /** Delay the filter adds, in output samples. */
  public int delaySamples() {
    return up == down ? 0 : (int) Math.round((up * TAPS_PER_PHASE - 1) / 2.0 / down);
  }

  private void push(short sample) {
    // Two copies of the ring so the newest TAPS_PER_PHASE samples are always contiguous.
    history[historyPos] = sample;
    history[historyPos + historyLength] = sample;
    historyPos = historyPos + 1 == historyLength ? 0 : historyPos + 1;
  }

  private static short clip(float v) {
    int r = Math.round(v);
    return (short) (r > Short.MAX_VALUE ? Short.MAX_VALUE : r < Short.MIN_VALUE ? Short.MIN_VALUE : r);
  }

  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 50; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
