package io.siprec.srs.admin;

import java.util.ArrayDeque;

/**
 * Turns a growing total into a rate per second over the last few samples, so the console's
 * "packets/s" neither jumps with each poll nor lags a minute behind. Not thread-safe: one sampling
 * thread feeds it, readers take {@link #perSecond()} (volatile).
 */
final class RateSampler {
  private final int window;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();
  private volatile double perSecond;

  /**
   * @param window samples the rate spans (one a second: seconds)
   */
  RateSampler(int window) {
    this.window = window;
  }

  void sample(long nanos, long total) {
    samples.addLast(new long[] {nanos, total});
    if (samples.size() > window + 1) {
      samples.removeFirst();
    }
    long[] first = samples.peekFirst();
    long elapsed = nanos - first[0];
    perSecond = elapsed <= 0 ? 0 : (total - first[1]) * 1e9 / elapsed;
  }

  double perSecond() {
    return perSecond;
  }
}
