package io.siprec.srs.bench.load;

/**
 * How late the generator's ticks started, without a cap: microseconds exactly up to 100 ms, then
 * milliseconds up to 10 minutes, and the largest value exactly. A saturated machine wakes the
 * generator seconds late; a histogram that stops at 100 ms would report its cap as the figure. One
 * writer per instance (a sender thread); {@link #add} merges them once the run is over.
 */
final class Lateness {
  private static final int FINE_MICROS = 100_000;
  private static final int COARSE_MILLIS = 600_000;

  private final long[] fine = new long[FINE_MICROS + 1];
  private final long[] coarse = new long[COARSE_MILLIS + 1];
  private long count;
  private long maxMicros;

  void record(long micros) {
    long m = Math.max(0, micros);
    if (m <= FINE_MICROS) {
      fine[(int) m]++;
    } else {
      coarse[(int) Math.min(COARSE_MILLIS, m / 1000)]++;
    }
    count++;
    maxMicros = Math.max(maxMicros, m);
  }

  void add(Lateness other) {
    for (int i = 0; i < fine.length; i++) {
      fine[i] += other.fine[i];
    }
    for (int i = 0; i < coarse.length; i++) {
      coarse[i] += other.coarse[i];
    }
    count += other.count;
    maxMicros = Math.max(maxMicros, other.maxMicros);
  }

  long count() {
    return count;
  }

  long maxMicros() {
    return count == 0 ? -1 : maxMicros;
  }

  /** Ticks that started more than {@code micros} late. */
  long over(long micros) {
    long n = 0;
    for (int i = 0; i < fine.length; i++) {
      if (i > micros) {
        n += fine[i];
      }
    }
    for (int i = 0; i < coarse.length; i++) {
      if ((long) i * 1000 > micros) {
        n += coarse[i];
      }
    }
    return n;
  }

  /** The q-quantile in microseconds (to the millisecond above 100 ms), or -1 with no ticks. */
  long percentileMicros(double q) {
    long rank = (long) Math.ceil(q * count);
    if (rank <= 0) {
      return -1;
    }
    long seen = 0;
    for (int i = 0; i < fine.length; i++) {
      seen += fine[i];
      if (seen >= rank) {
        return i;
      }
    }
    for (int i = 0; i < coarse.length; i++) {
      seen += coarse[i];
      if (seen >= rank) {
        return Math.min((long) i * 1000, maxMicros);
      }
    }
    return maxMicros;
  }
}
