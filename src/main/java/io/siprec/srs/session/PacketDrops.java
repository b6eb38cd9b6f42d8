package io.siprec.srs.session;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** How many packets each {@link PacketDrop} reason took: an immutable snapshot. */
public final class PacketDrops {
  public static final PacketDrops NONE = new PacketDrops(new long[PacketDrop.values().length]);

  private final long[] counts;

  private PacketDrops(long[] counts) {
    this.counts = counts;
  }

  /** A snapshot of counts indexed by {@link PacketDrop#ordinal()} (copied). */
  public static PacketDrops of(long[] countsByOrdinal) {
    if (countsByOrdinal.length != PacketDrop.values().length) {
      throw new IllegalArgumentException(
          "one count per PacketDrop expected, got " + countsByOrdinal.length);
    }
    return new PacketDrops(countsByOrdinal.clone());
  }

  public long count(PacketDrop drop) {
    return counts[drop.ordinal()];
  }

  /** Packets dropped inside the server, every stage and reason. */
  public long total() {
    long sum = 0;
    for (long c : counts) {
      sum += c;
    }
    return sum;
  }

  /** Every reason by its {@link PacketDrop#key()}, in stage order, zeros included. */
  public Map<String, Long> byKey() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (PacketDrop d : PacketDrop.values()) {
      out.put(d.key(), counts[d.ordinal()]);
    }
    return out;
  }

  public PacketDrops plus(PacketDrops other) {
    long[] sum = counts.clone();
    for (int i = 0; i < sum.length; i++) {
      sum[i] += other.counts[i];
    }
    return new PacketDrops(sum);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PacketDrops other && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return byKey().toString();
  }
}
