package io.siprec.srs.media.codec;

/**
 * Packet loss concealment for G.711 by waveform substitution, after the method of ITU-T G.711
 * Appendix I: a lost stretch is filled with the last pitch period of what was heard, repeated, and
 * faded out over longer losses. Written from the Appendix's method as it is publicly described: its
 * own text was not available to us (docs/media.md), so the comments name its steps, not its clause
 * numbers.
 *
 * <ul>
 *   <li>History: the last 390 samples (48.75 ms: three of the longest pitch periods and a quarter
 *       of one), kept of everything output, concealment included.
 *   <li>Pitch: when a loss begins, the lag of 40 to 120 samples (200 to 66.7 Hz) whose normalised
 *       cross-correlation with the last 20 ms is highest, searched on every other sample and lag
 *       first, then refined at full resolution around the best.
 *   <li>Synthesis: the last pitch period repeated; the quarter period at its end is overlap-added
 *       with the quarter period before its start, so the repetition has no seam. After 10 ms of
 *       loss the last two periods are repeated, after 20 ms the last three (one period over and
 *       over buzzes), cross-faded over a quarter period at each change.
 *   <li>Attenuation: none for the first 10 ms, then linearly 20% per 10 ms: silent from 60 ms.
 *   <li>The first good packet: its first 4 ms are overlap-added with the synthesis continued (8 ms
 *       after a loss of 20 ms, 10 ms after longer ones), so the real signal takes over without a
 *       step.
 * </ul>
 *
 * <p>One difference, because of where we sit: the Appendix delays its output by 3.75 ms (30
 * samples, a quarter of the longest period) so that the start of a loss can still overlap-add the
 * quarter period before it. Our published audio is on the call's timeline (sample n is position n)
 * and the samples before a loss may already be on their way to the consumer, so we add no delay and
 * change nothing that was received before a loss. Instead the first quarter period of the
 * concealment is overlap-added between the repetition raised to meet the last real sample and the
 * repetition itself: the step at the start of the loss is the step the waveform takes one period
 * earlier, and the difference fades out over the quarter period.
 *
 * <p>One instance per stream, used by one thread at a time; all arrays are allocated here, none per
 * packet.
 */
public final class G711Concealment {
  /** 48.75 ms at 8 kHz: 3 x {@link #PITCH_MAX} + {@link #PITCH_MAX} / 4. */
  static final int HISTORY = 390;

  static final int PITCH_MIN = 40;
  static final int PITCH_MAX = 120;

  /** The stretch whose period is searched for: the last 20 ms. */
  static final int CORRELATION_WINDOW = 160;

  static final int TEN_MS = 80;

  /** From here on (60 ms) the concealment is silence. */
  static final int SILENT_FROM = 6 * TEN_MS;

  private static final int MAX_PERIODS = 3;

  /** Overlap with the first good samples: 4 ms, 4 ms more per further 10 ms lost, at most 10 ms. */
  private static final int BLEND_STEP = 32;

  private static final int BLEND_MAX = 80;

  /** The last {@link #HISTORY} samples output, a ring; {@link #next} is where the next goes. */
  private final short[] history = new short[HISTORY];

  private int next;

  /** The history as it was when the loss began, oldest first: what the synthesis repeats. */
  private final short[] past = new short[HISTORY];

  /** Samples concealed in the current loss; 0 when none is going on. */
  private int erased;

  private int pitch;
  private int quarter;

  /** Periods repeated now, and where the next sample is read from within them. */
  private int periods;

  private int read;

  /** A change of periods being cross-faded: the old reading, and samples still to fade. */
  private int fadePeriods;

  private int fadeRead;
  private int fadeLeft;

  /**
   * The last real sample less the one a period before it: faded out over the first quarter period.
   */
  private float startOffset;

  /** After a loss: samples of the first good audio to overlap-add, and how many have been. */
  private int blendLength;

  private int blended;

  /**
   * Takes good audio: after a loss its first samples are overlap-added with the synthesis continued
   * (changed in place), then it is remembered.
   */
  public void received(short[] pcm, int offset, int count) {
    if (erased > 0 && blendLength == 0) {
      blendLength = Math.min(BLEND_MAX, BLEND_STEP * ((erased + TEN_MS - 1) / TEN_MS));
      blended = 0;
    }
    int i = 0;
    for (; blended < blendLength && i < count; i++, blended++) {
      float weight = (blended + 1) / (float) (blendLength + 1);
      float synthetic = nextSynthetic();
      pcm[offset + i] = clip(synthetic + weight * (pcm[offset + i] - synthetic));
    }
    if (blendLength > 0 && blended == blendLength) {
      erased = 0;
      blendLength = 0;
    }
    remember(pcm, offset, count);
  }

  /** Fills {@code count} lost samples; consecutive calls continue one loss. */
  public void conceal(short[] out, int offset, int count) {
    if (erased == 0 || blendLength > 0) {
      begin(); // a loss again before the blend after the last one finished: start afresh
    }
    for (int i = 0; i < count; i++) {
      out[offset + i] = clip(nextSynthetic());
    }
    remember(out, offset, count);
  }

  /** A loss begins: the history is frozen, its pitch estimated. */
  private void begin() {
    int older = HISTORY - next;
    System.arraycopy(history, next, past, 0, older);
    System.arraycopy(history, 0, past, older, next);
    pitch = estimatePitch(past);
    quarter = pitch / 4;
    periods = 1;
    read = 0;
    fadeLeft = 0;
    startOffset = past[HISTORY - 1] - past[HISTORY - 1 - pitch];
    erased = 0;
    blendLength = 0;
    blended = 0;
  }

  /** The next sample of the synthesis, attenuated for how far into the loss it is. */
  private float nextSynthetic() {
    int t = erased;
    if (erased < Integer.MAX_VALUE) {
      erased++;
    }
    if (t >= SILENT_FROM) {
      return 0;
    }
    int wanted = Math.min(MAX_PERIODS, 1 + t / TEN_MS);
    if (wanted != periods) {
      // The same sample of the longer stretch (it is a period further back in it): in phase.
      fadePeriods = periods;
      fadeRead = read;
      fadeLeft = quarter;
      read += (wanted - periods) * pitch;
      periods = wanted;
    }
    float s = periodic(periods, read);
    read = read + 1 == periods * pitch ? 0 : read + 1;
    if (fadeLeft > 0) {
      float old = periodic(fadePeriods, fadeRead);
      fadeRead = fadeRead + 1 == fadePeriods * pitch ? 0 : fadeRead + 1;
      float weight = (quarter - fadeLeft + 1) / (float) (quarter + 1);
      s = old + weight * (s - old);
      fadeLeft--;
    }
    if (t < quarter) {
      s += startOffset * (1 - (t + 1) / (float) (quarter + 1));
    }
    return s * gain(t);
  }

  /**
   * Sample {@code i} of the last {@code periods} pitch periods before the loss, whose last quarter
   * period is overlap-added with the quarter period before their start, so that reading them round
   * and round has no seam.
   */
  private float periodic(int periods, int i) {
    int length = periods * pitch;
    int start = HISTORY - length;
    int tail = length - quarter;
    if (i < tail) {
      return past[start + i];
    }
    int k = i - tail;
    float weight = (k + 1) / (float) (quarter + 1);
    return past[start + i] + weight * (past[start - quarter + k] - past[start + i]);
  }

  /** Gain at sample {@code t} of a loss: 1 for 10 ms, then down 20% per 10 ms, 0 from 60 ms. */
  static float gain(int t) {
    if (t < TEN_MS) {
      return 1;
    }
    if (t >= SILENT_FROM) {
      return 0;
    }
    return 1 - (t - TEN_MS) / (float) (SILENT_FROM - TEN_MS);
  }

  /**
   * The pitch period of the end of {@code signal} ({@link #HISTORY} samples, oldest first): the lag
   * whose normalised cross-correlation with the last 20 ms is highest. Coarse on every other sample
   * and lag, then refined at full resolution around the best.
   */
  static int estimatePitch(short[] signal) {
    int from = HISTORY - CORRELATION_WINDOW;
    int best = PITCH_MIN;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = PITCH_MIN; lag <= PITCH_MAX; lag += 2) {
      double score = normalisedCorrelation(signal, from, lag, 2);
      if (score > bestScore) {
        bestScore = score;
        best = lag;
      }
    }
    best = refine(signal, from, best);
    // Ours, not the Appendix's: a period between two coarse lags (an odd one) can lose to its
    // double, which the coarse search hits exactly. Half of the winner is taken when it
    // correlates nearly as well: the repetition then follows the waveform period by period.
    if (best >= 2 * PITCH_MIN) {
      int half = refine(signal, from, best / 2);
      if (normalisedCorrelation(signal, from, half, 1)
          >= 0.95 * normalisedCorrelation(signal, from, best, 1)) {
        best = half;
      }
    }
    return best;
  }

  /** The best of {@code lag} and its neighbours, at full resolution. */
  private static int refine(short[] signal, int from, int lag) {
    int best = lag;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int l = Math.max(PITCH_MIN, lag - 1); l <= Math.min(PITCH_MAX, lag + 1); l++) {
      double score = normalisedCorrelation(signal, from, l, 1);
      if (score > bestScore) {
        bestScore = score;
        best = l;
      }
    }
    return best;
  }

  private static double normalisedCorrelation(short[] signal, int from, int lag, int step) {
    double correlation = 0;
    double energy = 0;
    for (int i = from; i < signal.length; i += step) {
      double earlier = signal[i - lag];
      correlation += signal[i] * earlier;
      energy += earlier * earlier;
    }
    return energy <= 0 ? 0 : correlation / Math.sqrt(energy);
  }

  private void remember(short[] pcm, int offset, int count) {
    if (count >= HISTORY) {
      System.arraycopy(pcm, offset + count - HISTORY, history, 0, HISTORY);
      next = 0;
      return;
    }
    int first = Math.min(count, HISTORY - next);
    System.arraycopy(pcm, offset, history, next, first);
    System.arraycopy(pcm, offset + first, history, 0, count - first);
    next = (next + count) % HISTORY;
  }

  private static short clip(float v) {
    int r = Math.round(v);
    return (short)
        (r > Short.MAX_VALUE ? Short.MAX_VALUE : r < Short.MIN_VALUE ? Short.MIN_VALUE : r);
  }
}
