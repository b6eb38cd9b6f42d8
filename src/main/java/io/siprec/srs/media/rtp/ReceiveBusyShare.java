package io.siprec.srs.media.rtp;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The busiest receive thread's share of wall time spent reading and processing packets, over the
 * last sampling period. Every stream is pinned to one receive thread, so one saturated thread
 * delays its streams however idle the others are: the maximum, not the mean, is the headroom left.
 *
 * <p>Sampled when read, at most once per period; between samples the last figure is returned, so a
 * read is cheap and a burst shorter than the period is averaged out rather than refusing calls.
 */
final class ReceiveBusyShare {
  private final List<LongSupplier> busyNanos;
  private final LongSupplier nanoClock;
  private final long[] lastBusy;
  private long sampledAt;
  private volatile double share;

  /**
   * @param busyNanos each receive thread's busy time since it started
   */
  ReceiveBusyShare(List<LongSupplier> busyNanos, LongSupplier nanoClock) {
    this.busyNanos = List.copyOf(busyNanos);
    this.nanoClock = nanoClock;
    this.lastBusy = new long[busyNanos.size()];
    for (int i = 0; i < lastBusy.length; i++) {
      lastBusy[i] = this.busyNanos.get(i).getAsLong();
    }
    this.sampledAt = nanoClock.getAsLong();
  }

  /** 0 (idle) to 1 (never waiting), for the busiest thread over the last period sampled. */
  double share() {
    return share;
  }

  /** Measures the period since the last sample; called on the tick, one thread at a time. */
  synchronized void sample() {
    long now = nanoClock.getAsLong();
    long elapsed = now - sampledAt;
    if (elapsed <= 0) {
      return;
    }
    double max = 0;
    for (int i = 0; i < lastBusy.length; i++) {
      long busy = busyNanos.get(i).getAsLong();
      max = Math.max(max, (busy - lastBusy[i]) / (double) elapsed);
      lastBusy[i] = busy;
    }
    sampledAt = now;
    share = Math.min(1.0, max);
  }
}
