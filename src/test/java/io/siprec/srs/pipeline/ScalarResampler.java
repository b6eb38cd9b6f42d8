package io.siprec.srs.pipeline;

import java.util.Arrays;

/**
 * The resampler as first written: one output sample at a time, the filter's history in a ring. Kept
 * as the reference that {@link Resampler} must match to the bit. It takes its filter from {@link
 * Resampler#design} (the taps, and where the first output is taken), so what it checks is the
 * block-at-a-time arithmetic; {@code ResamplerTest} checks the design itself (pass band, stop band,
 * delay) on the output.
 */
final class ScalarResampler {
  private final int up; // L
  private final int down; // M
  private final int firstPhase;
  private final float[][] coefficients; // per phase: non-zero taps
  private final int[][] offsets; // per phase: which past input sample each tap multiplies
  private final float[]
      history; // the last historyLength input samples, newest last, duplicated for wrap-free reads
  private final int historyLength;
  private int historyPos;
  private long
      phase; // position of the next output sample in the up-sampled domain, relative to the newest

  // input

  ScalarResampler(int inRate, int outRate) {
    Resampler.Design design = Resampler.design(inRate, outRate);
    this.up = design.up();
    this.down = design.down();
    this.firstPhase = design.firstPhase();
    this.phase = firstPhase;
    this.historyLength = Math.max(1, design.span());
    this.history = new float[2 * historyLength];
    double[] h = design.taps();
    int n = h.length;
    coefficients = new float[up][];
    offsets = new int[up][];
    for (int p = 0; p < up && n > 0; p++) {
      int count = 0;
      for (int k = 0; k < historyLength && p + k * up < n; k++) {
        if (Math.abs(h[p + k * up]) > 1e-9) {
          count++;
        }
      }
      coefficients[p] = new float[count];
      offsets[p] = new int[count];
      int j = 0;
      for (int k = 0; k < historyLength && p + k * up < n; k++) {
        double c = h[p + k * up];
        if (Math.abs(c) > 1e-9) {
          coefficients[p][j] = (float) c;
          offsets[p][j] = k;
          j++;
        }
      }
    }
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
    Arrays.fill(history, 0f);
    historyPos = 0;
    phase = firstPhase;
  }

  private void push(short sample) {
    // Two copies of the ring so the newest historyLength samples are always contiguous.
    history[historyPos] = sample;
    history[historyPos + historyLength] = sample;
    historyPos = historyPos + 1 == historyLength ? 0 : historyPos + 1;
  }

  private static short clip(float v) {
    int r = Math.round(v);
    return (short)
        (r > Short.MAX_VALUE ? Short.MAX_VALUE : r < Short.MIN_VALUE ? Short.MIN_VALUE : r);
  }
}
