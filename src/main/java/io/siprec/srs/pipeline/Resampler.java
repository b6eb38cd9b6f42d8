package io.siprec.srs.pipeline;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Converts 16-bit PCM from one sample rate to another by a rational factor L/M with a polyphase FIR
 * filter: a Kaiser-windowed sinc low-pass that both removes the images of up-sampling and keeps
 * down-sampling from aliasing (a 12 kHz tone does not fold into a 16 kHz stream, as it does with
 * the JDK's converter). Taps that are zero are skipped: doubling uses a half-band filter, whose
 * every other tap is zero, and reducing by M a filter cut off at the output's Nyquist frequency,
 * whose every M-th tap from the centre is zero.
 *
 * <p>The filters ({@link #design}): every one has an odd length, so its centre falls on a sample of
 * the up-sampled signal, and the first output is taken where that centre lands a whole number of
 * output samples before the first input. The filter's delay is then exactly {@link #delaySamples()}
 * output samples, with no fraction left over: output sample j (counted from the start or the last
 * {@link #reset}) is the input at time j - delay. A caller that wants the output on the input's own
 * timeline drops the first {@code delaySamples()} outputs of a run and takes the last ones from
 * {@link #drain} at its end (the resample stage does). Reducing the rate, the pass band is flat to
 * 7/16 of the output rate (7 kHz at 16 kHz) and the stop band starts at 9/16 of it, so nothing
 * folds back below 7/16; raising it, the cut-off is the input's Nyquist frequency (the half-band
 * filter of 8 to 16 kHz is flat to 3.4 kHz). docs/media.md gives the figures and the cost.
 *
 * <p>This is the media path's most expensive stage after the Opus and G.729 decoders, so it
 * converts a block at a time in ways the JIT can overlap or vectorise, with results identical to
 * the bit to one output at a time ({@code ResamplerTest} holds it to that reference).
 *
 * <p>Streaming and stateful: blocks may be any length and the output is the same as converting the
 * concatenation in one go. One instance per stream; all an instance holds is its last input
 * samples. The filter of a pair of rates is computed once and shared by every instance, and the
 * working arrays of a conversion belong to the converting thread, so a receive thread serving many
 * streams keeps one set of them warm in its cache rather than touching a cold set per packet.
 * Allocates nothing after the first conversion on a thread.
 */
public final class Resampler {
  /** Raising the rate: taps per output sample, before zero taps are skipped. */
  private static final int TAPS_PER_PHASE_RISING = 32;

  /**
   * Reducing the rate: filter length per unit of the reduction factor M. Kaiser's estimate for a
   * transition of 1/8 of the output rate (7/16 to 9/16 of it) at beta 8 (about 80 dB) is 40 M taps
   * at the up-sampled rate; the length is 40 M + 1, odd.
   */
  private static final int TAPS_PER_FACTOR_FALLING = 40;

  private static final double KAISER_BETA = 8.0;

  /**
   * Input samples converted in one pass; longer blocks go in several. Holds a 20 ms frame at 48 kHz
   * (960): decimating Opus's output in one pass instead of four took 2.4 us a frame, not 3.8.
   */
  private static final int BLOCK = 1024;

  /** Fed to the filter by {@link #drain}: silence after the last input. */
  private static final short[] ONE_ZERO = new short[1];

  /** Filters by (input rate, output rate): immutable, shared. */
  private static final ConcurrentHashMap<Long, Filter> FILTERS = new ConcurrentHashMap<>();

  /** The converting thread's working arrays. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private final int inRate;
  private final int outRate;
  private final Filter filter;
  private final int up; // L
  private final int down; // M

  /** Input samples one output reads (taps per phase): the history kept between blocks. */
  private final int span;

  /** The last {@link #span} input samples, oldest first. */
  private final float[] history;

  private long
      phase; // position of the next output sample in the up-sampled domain, relative to the newest

  // input

  /** Since the last reset, for {@link #drain}. */
  private long inputs;

  private long outputs;

  public Resampler(int inRate, int outRate) {
    if (inRate <= 0 || outRate <= 0) {
      throw new IllegalArgumentException("sample rates must be positive");
    }
    this.inRate = inRate;
    this.outRate = outRate;
    this.filter =
        FILTERS.computeIfAbsent(
            ((long) inRate << 32) | outRate, k -> new Filter(design(inRate, outRate)));
    this.up = filter.up;
    this.down = filter.down;
    this.span = filter.span;
    this.history = new float[span];
    this.phase = filter.firstPhase;
  }

  /**
   * The prototype low-pass of a pair of rates, at the up-sampled rate L x input, and where its
   * outputs are taken. Package-private: the one-output-at-a-time reference in the tests builds its
   * filter from the same design.
   *
   * @param taps the impulse response, odd length (empty when the rates are equal)
   * @param firstPhase up-sampled index of the first output: the centre tap lands on input time
   *     -delay x M / L, a whole number of output samples before the first input
   * @param delay the filter's delay in output samples, a whole number
   */
  record Design(int up, int down, double[] taps, int firstPhase, int delay) {
    /** Input samples one output reads. */
    int span() {
      return (taps.length + up - 1) / up;
    }
  }

  static Design design(int inRate, int outRate) {
    int g = gcd(inRate, outRate);
    int up = outRate / g;
    int down = inRate / g;
    if (up == down) {
      return new Design(1, 1, new double[0], 0, 0);
    }
    int n;
    double cutoff; // cycles per up-sampled sample
    if (up > down) {
      // Raising: cut-off at the input's Nyquist frequency. An odd length: doubling (8 to 16 kHz)
      // then has a half-band filter, every other tap zero and the second phase the input itself.
      n = up * TAPS_PER_PHASE_RISING;
      n -= n % 2 == 0 ? 1 : 0;
      cutoff = 0.5 / up;
    } else {
      // Reducing: cut-off at the output's Nyquist frequency, the transition from 7/16 to 9/16 of
      // the output rate. What lies above 9/16 folds to below 7/16 and is stopped; what lies in
      // the transition folds into the transition: the pass band up to 7/16 stays clean.
      n = TAPS_PER_FACTOR_FALLING * down + 1;
      cutoff = 0.5 / down;
    }
    double[] h = new double[n];
    int centre = (n - 1) / 2;
    double i0Beta = besselI0(KAISER_BETA);
    for (int i = 0; i < n; i++) {
      double t = i - centre;
      double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
      double r = t / centre;
      double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
      h[i] = sinc * window * up; // gain L restores the level lost to zero-stuffing
    }
    // Output j sits at up-sampled index firstPhase + j M and stands for time firstPhase + j M -
    // centre; with firstPhase = centre mod M that is (j - delay) M, delay = centre div M.
    return new Design(up, down, h, centre % down, centre / down);
  }

  /** The polyphase filter of one pair of rates. */
  private static final class Filter {
    final int up;
    final int down;
    final int span;
    final int firstPhase;
    final int delay;
    final float[][] coefficients; // per phase: non-zero taps
    final int[][] offsets; // per phase: which past input sample each tap multiplies

    /** Every phase has span taps, offsets 0, 1, 2, ...: nothing to skip. */
    final boolean fullPhases;

    /** Rising by a whole factor with full phases: {@link #processRising}. */
    final boolean rising;

    /** Doubling with a half-band filter: {@link #processDoubling}. */
    final boolean halfBand;

    /** Reducing by a whole factor: {@link #processDecimating}. */
    final boolean decimating;

    /** Half-band: how many inputs back the second phase's single tap reads. */
    final int delayOfSecondPhase;

    Filter(Design d) {
      this.up = d.up();
      this.down = d.down();
      this.span = d.span();
      this.firstPhase = d.firstPhase();
      this.delay = d.delay();
      double[] h = d.taps();
      int n = h.length;
      coefficients = new float[up][];
      offsets = new int[up][];
      boolean full = true;
      for (int p = 0; p < up && n > 0; p++) {
        int count = 0;
        for (int k = 0; k < span && p + k * up < n; k++) {
          if (Math.abs(h[p + k * up]) > 1e-9) {
            count++;
          }
        }
        coefficients[p] = new float[count];
        offsets[p] = new int[count];
        int j = 0;
        for (int k = 0; k < span && p + k * up < n; k++) {
          double c = h[p + k * up];
          if (Math.abs(c) > 1e-9) {
            coefficients[p][j] = (float) c;
            offsets[p][j] = k;
            full &= j == k;
            j++;
          }
        }
        full &= count == span;
      }
      this.fullPhases = full;
      this.rising = n > 0 && down == 1 && full;
      // Cut off at the output's Nyquist frequency, every M-th tap from the centre is a zero of the
      // sinc: a third of them at 48 to 16 kHz. The decimating path skips them.
      this.decimating = n > 0 && up == 1;
      // The half-band filter's second phase is one tap of exactly 1 (sinc 2 * 1/4, window 1, gain
      // 2).
      this.halfBand =
          n > 0
              && up == 2
              && down == 1
              && coefficients[0].length == span
              && offsets[0][span - 1] == span - 1
              && coefficients[1].length == 1
              && coefficients[1][0] == 1f;
      this.delayOfSecondPhase = halfBand ? offsets[1][0] : -1;
    }
  }

  /** One thread's working arrays, grown (once) to the largest conversion it has done. */
  private static final class Scratch {
    /** History followed by the block being converted, so every output's taps read one stretch. */
    float[] line = new float[0];

    /** The block's inputs as one tap reads them: {@code shifted[j]} is output j's input k back. */
    final float[] shifted = new float[BLOCK];

    /** Rising: per phase, each output's sum so far. */
    float[][] sums = new float[0][];

    /** Otherwise: per output of the block, its phase and the line index of its newest input. */
    int[] outputPhase = new int[0];

    int[] outputNewest = new int[0];

    /** Decimating: the line split by input index modulo the factor, so each tap reads a run. */
    float[][] byResidue = new float[0][];

    void fit(Filter f, int perBlock) {
      if (line.length < f.span + BLOCK) {
        line = new float[f.span + BLOCK];
      }
      if (f.decimating
          && (byResidue.length < f.down || byResidue[0].length < (f.span + BLOCK) / f.down + 1)) {
        int length =
            Math.max(
                byResidue.length == 0 ? 0 : byResidue[0].length, (f.span + BLOCK) / f.down + 1);
        byResidue = new float[Math.max(byResidue.length, f.down)][length];
        if (sums.length == 0) {
          sums = new float[1][BLOCK];
        }
      }
      if ((f.rising || f.halfBand) && sums.length < f.up) {
        sums = new float[f.up][BLOCK];
      }
      if (!f.rising && !f.halfBand && !f.decimating && outputPhase.length < perBlock) {
        outputPhase = new int[perBlock];
        outputNewest = new int[perBlock];
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
    Scratch scratch = SCRATCH.get();
    scratch.fit(filter, maxOutput(BLOCK));
    float[] line = scratch.line;
    int h = span;
    System.arraycopy(history, 0, line, 0, h);
    int written = 0;
    for (int done = 0; done < length; done += BLOCK) {
      int n = Math.min(BLOCK, length - done);
      for (int i = 0; i < n; i++) {
        line[h + i] = in[inOffset + done + i];
      }
      written +=
          filter.halfBand
              ? processDoubling(scratch, n, out, outOffset + written)
              : filter.rising
                  ? processRising(scratch, n, out, outOffset + written)
                  : filter.decimating
                      ? processDecimating(scratch, n, out, outOffset + written)
                      : processAny(scratch, n, out, outOffset + written);
      // The newest span samples become the next block's history.
      System.arraycopy(line, n, line, 0, h);
    }
    System.arraycopy(line, 0, history, 0, h);
    inputs += length;
    outputs += written;
    return written;
  }

  /** The most samples {@link #drain} writes (it returns fewer). */
  public int maxDrain() {
    return filter.delay + maxOutput(1);
  }

  /**
   * Ends a run: writes the outputs still owed for the input so far, as if silence followed it, so
   * that with the first {@link #delaySamples()} outputs of the run dropped the run's output covers
   * its input exactly (input time 0 to n, n x L / M output samples). Then {@link #reset} before the
   * next run. {@code out} needs room for {@link #maxDrain()} samples.
   *
   * @return output samples that belong to the run (about {@link #delaySamples()})
   */
  public int drain(short[] out, int outOffset) {
    if (up == down) {
      return 0;
    }
    long owed = (inputs * up + down - 1) / down + filter.delay - outputs;
    int written = 0;
    while (written < owed) {
      written += process(ONE_ZERO, 0, 1, out, outOffset + written);
    }
    return (int) Math.max(0, owed);
  }

  /*
   * Every output sample is the sum, tap by tap in the order of its phase's taps and starting from
   * 0, of coefficient times input: the same float operations in the same order whichever way the
   * outputs are interleaved, so both ways below give the same samples to the bit. (Java does not
   * fuse a multiply and an add unless told to.)
   */

  /**
   * Rising by a whole factor (8 to 16 kHz): every input sample gives {@code up} outputs, one per
   * phase. Tap by tap, the block's inputs that tap reads are copied into one array, and every
   * phase's sums take that tap's term in one pass: loops with nothing but constant offsets, which
   * the JIT turns into vector instructions (one output at a time waits on every addition; an offset
   * that changes with the tap keeps C2 from vectorising).
   */
  private int processRising(Scratch scratch, int n, short[] out, int outOffset) {
    float[][] sums = scratch.sums;
    for (int p = 0; p < up; p++) {
      Arrays.fill(sums[p], 0, n, 0f);
    }
    float[] x = scratch.shifted;
    float[][] coefficients = filter.coefficients;
    int h = span;
    for (int k = 0; k < h; k++) {
      // output j's newest input is line[h + j]; this tap reads k before it
      System.arraycopy(scratch.line, h - k, x, 0, n);
      for (int p = 0; p < up; p++) {
        addScaled(sums[p], coefficients[p][k], x, n);
      }
    }
    for (int p = 0; p < up; p++) {
      float[] sum = sums[p];
      for (int j = 0; j < n; j++) {
        out[outOffset + j * up + p] = clip(sum[j]);
      }
    }
    return n * up;
  }

  /**
   * Doubling with the half-band filter: the even outputs are {@link #processRising}'s sums of one
   * phase; each odd output is one input sample (times a coefficient of exactly 1, plus 0: the same
   * float result as summing it).
   */
  private int processDoubling(Scratch scratch, int n, short[] out, int outOffset) {
    float[] sum = scratch.sums[0];
    Arrays.fill(sum, 0, n, 0f);
    float[] x = scratch.shifted;
    float[] c = filter.coefficients[0];
    float[] line = scratch.line;
    int h = span;
    for (int k = 0; k < h; k++) {
      System.arraycopy(line, h - k, x, 0, n);
      addScaled(sum, c[k], x, n);
    }
    int delayed = h - filter.delayOfSecondPhase;
    for (int j = 0; j < n; j++) {
      out[outOffset + 2 * j] = clip(sum[j]);
      out[outOffset + 2 * j + 1] = clip(line[delayed + j]);
    }
    return 2 * n;
  }

  /**
   * Reducing by a whole factor D (48 to 16 kHz, 16 to 8): one phase, and output j's newest input is
   * D samples after output j-1's, so a tap reads every D-th input. Split once by input index modulo
   * D, those inputs are a run of one of the D arrays, and the taps go as in {@link #processRising}:
   * tap by tap over all of the block's outputs, with constant offsets (the zero taps skipped).
   */
  private int processDecimating(Scratch scratch, int n, short[] out, int outOffset) {
    int d = down;
    // With one phase, the phase is how many inputs remain before the next output (0 to D-1).
    int first = (int) phase;
    int count = first < n ? (n - 1 - first) / d + 1 : 0;
    phase = first + (long) count * d - n;
    if (count == 0) {
      return 0;
    }
    float[] line = scratch.line;
    float[][] byResidue = scratch.byResidue;
    int h = span;
    int length = h + n;
    for (int r = 0; r < d; r++) {
      float[] dst = byResidue[r];
      for (int i = r, t = 0; i < length; i += d, t++) {
        dst[t] = line[i];
      }
    }
    float[] sum = scratch.sums[0];
    Arrays.fill(sum, 0, count, 0f);
    float[] x = scratch.shifted;
    float[] c = filter.coefficients[0];
    int[] o = filter.offsets[0];
    for (int t = 0; t < c.length; t++) {
      // output j's newest input is line[h + first + d * j]; this tap reads o[t] before it
      int start = h + first - o[t];
      System.arraycopy(byResidue[start % d], start / d, x, 0, count);
      addScaled(sum, c[t], x, count);
    }
    for (int j = 0; j < count; j++) {
      out[outOffset + j] = clip(sum[j]);
    }
    return count;
  }

  /**
   * One tap's term for a run of outputs: {@code sum[j] += c * x[j]}, same offsets, so C2 vectorises
   * it.
   */
  private static void addScaled(float[] sum, float c, float[] x, int n) {
    for (int j = 0; j < n; j++) {
      sum[j] += c * x[j];
    }
  }

  /** Any other ratio: outputs in their natural order, four sums at a time. */
  private int processAny(Scratch scratch, int n, short[] out, int outOffset) {
    int[] outputPhase = scratch.outputPhase;
    int[] outputNewest = scratch.outputNewest;
    int count = 0;
    for (int i = 0; i < n; i++) {
      while (phase < up) {
        outputPhase[count] = (int) phase;
        outputNewest[count] = span + i;
        count++;
        phase += down;
      }
      phase -= up;
    }
    float[] x = scratch.line;
    float[][] coefficients = filter.coefficients;
    int m = 0;
    if (filter.fullPhases) {
      for (; m + 4 <= count; m += 4) {
        float[] c0 = coefficients[outputPhase[m]];
        float[] c1 = coefficients[outputPhase[m + 1]];
        float[] c2 = coefficients[outputPhase[m + 2]];
        float[] c3 = coefficients[outputPhase[m + 3]];
        int b0 = outputNewest[m];
        int b1 = outputNewest[m + 1];
        int b2 = outputNewest[m + 2];
        int b3 = outputNewest[m + 3];
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        for (int k = 0; k < span; k++) {
          a0 += c0[k] * x[b0 - k];
          a1 += c1[k] * x[b1 - k];
          a2 += c2[k] * x[b2 - k];
          a3 += c3[k] * x[b3 - k];
        }
        out[outOffset + m] = clip(a0);
        out[outOffset + m + 1] = clip(a1);
        out[outOffset + m + 2] = clip(a2);
        out[outOffset + m + 3] = clip(a3);
      }
    }
    for (; m < count; m++) {
      float[] c = coefficients[outputPhase[m]];
      int[] o = filter.offsets[outputPhase[m]];
      int newest = outputNewest[m];
      float acc = 0;
      for (int k = 0; k < c.length; k++) {
        acc += c[k] * x[newest - o[k]];
      }
      out[outOffset + m] = clip(acc);
    }
    return count;
  }

  /** Forgets past input (after a discontinuity: a long gap or a new source); a new run starts. */
  public void reset() {
    Arrays.fill(history, 0f);
    phase = filter.firstPhase;
    inputs = 0;
    outputs = 0;
  }

  /**
   * The filter's delay in output samples, a whole number (no fraction: see the class comment):
   * output sample j of a run is the input at time j - delaySamples().
   */
  public int delaySamples() {
    return filter.delay;
  }

  private static short clip(float v) {
    int r = Math.round(v);
    return (short)
        (r > Short.MAX_VALUE ? Short.MAX_VALUE : r < Short.MIN_VALUE ? Short.MIN_VALUE : r);
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
