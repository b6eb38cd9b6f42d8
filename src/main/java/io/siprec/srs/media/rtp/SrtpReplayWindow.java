package io.siprec.srs.media.rtp;

import java.util.Arrays;

/**
 * The replay list of RFC 3711 §3.3.2: the highest index accepted and a bitmap of the window below
 * it. An index above the highest is new; one at or below the window's start is too old; in the
 * window, a set bit is a replay. The bitmap is circular (bit = index mod size), so advancing by one
 * packet clears one bit. Only packets that authenticate are entered.
 */
final class SrtpReplayWindow {
  private final long[] bits;
  private final int size;
  private long highest = -1;

  /**
   * @param size packets, a power of two of at least 64 (RFC 3711 §3.3.2's minimum)
   */
  SrtpReplayWindow(int size) {
    if (size < 64 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("window of " + size);
    }
    this.size = size;
    this.bits = new long[size / 64];
  }

  int size() {
    return size;
  }

  /** True if {@code index} was accepted before or is too old to tell. */
  boolean rejects(long index) {
    if (highest < 0 || index > highest) {
      return false;
    }
    if (index <= highest - size) {
      return true;
    }
    int bit = (int) (index & (size - 1));
    return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
  }

  /** Enters an accepted index. */
  void accept(long index) {
    if (index > highest) {
      if (highest < 0 || index - highest >= size) {
        Arrays.fill(bits, 0);
      } else {
        for (long i = highest + 1; i < index; i++) {
          int bit = (int) (i & (size - 1));
          bits[bit >>> 6] &= ~(1L << (bit & 63));
        }
      }
      highest = index;
    }
    int bit = (int) (index & (size - 1));
    bits[bit >>> 6] |= 1L << (bit & 63);
  }

  void reset() {
    highest = -1;
    Arrays.fill(bits, 0);
  }
}
