package io.siprec.srs.pipeline;

import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.StageFigures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One stage's counters: items in and out, dropped by reason, the stage's own figures, and its
 * sampled processor time ({@link StageClock}). Written by the stream's receive thread only (a plain
 * read and a release write: no lock, nothing allocated); read by any thread through {@link
 * #figures}.
 */
public final class StageMeter {
  private static final int IN = 0;
  private static final int OUT = 1;
  private static final int CALLS = 2;
  private static final int SAMPLED_CALLS = 3;
  private static final int SAMPLED_NANOS = 4;
  private static final int FIXED = 5;

  /** For a stage that drops nothing. */
  public static final String[] NO_REASONS = {};

  private final String stage;
  private final StageFigures.Unit unit;
  private final String[] reasons;
  private final String[] countNames;

  /** For a packet stage, the ordinal of its first {@link PacketDrop}; -1 otherwise. */
  private final int firstDrop;

  private final AtomicLongArray slots;

  private StageMeter(
      String stage, StageFigures.Unit unit, String[] reasons, int firstDrop, String[] countNames) {
    this.stage = stage;
    this.unit = unit;
    this.reasons = reasons;
    this.firstDrop = firstDrop;
    this.countNames = countNames;
    this.slots = new AtomicLongArray(FIXED + reasons.length + countNames.length);
  }

  /** A packet stage: its drop reasons are the {@link PacketDrop}s named after it. */
  public static StageMeter forPackets(String stage, String... countNames) {
    int first = -1;
    int n = 0;
    for (PacketDrop d : PacketDrop.values()) {
      if (d.stage().equals(stage)) {
        if (first < 0) {
          first = d.ordinal();
        } else if (d.ordinal() != first + n) {
          throw new IllegalStateException(
              "the drops of stage " + stage + " are not listed together");
        }
        n++;
      }
    }
    String[] reasons = new String[n];
    for (int i = 0; i < n; i++) {
      reasons[i] = PacketDrop.values()[first + i].reason();
    }
    return new StageMeter(stage, StageFigures.Unit.PACKETS, reasons, first, countNames);
  }

  /** A stage counting {@code unit}, with drop reasons of its own. */
  public static StageMeter of(
      String stage, StageFigures.Unit unit, String[] reasons, String... countNames) {
    return new StageMeter(stage, unit, reasons.clone(), -1, countNames);
  }

  public String stage() {
    return stage;
  }

  private void add(int slot, long n) {
    slots.setRelease(slot, slots.getPlain(slot) + n);
  }

  public void in() {
    add(IN, 1);
  }

  public void in(long n) {
    add(IN, n);
  }

  public void out() {
    add(OUT, 1);
  }

  public void out(long n) {
    add(OUT, n);
  }

  /** A packet dropped for {@code reason}, which must be one of this stage's. */
  public void drop(PacketDrop reason) {
    add(FIXED + reason.ordinal() - firstDrop, 1);
  }

  /** {@code n} dropped for this stage's reason number {@code reason}. */
  public void drop(int reason, long n) {
    add(FIXED + reason, n);
  }

  /** Adds to this stage's figure number {@code figure} (in the order of its count names). */
  public void count(int figure, long n) {
    add(FIXED + reasons.length + figure, n);
  }

  long read(int slot) {
    return slots.getAcquire(slot);
  }

  public long inCount() {
    return read(IN);
  }

  public long outCount() {
    return read(OUT);
  }

  public long droppedCount(PacketDrop reason) {
    return read(FIXED + reason.ordinal() - firstDrop);
  }

  public long figure(int figure) {
    return read(FIXED + reasons.length + figure);
  }

  void called() {
    add(CALLS, 1);
  }

  void sampled() {
    add(SAMPLED_CALLS, 1);
  }

  void timed(long nanos) {
    add(SAMPLED_NANOS, nanos);
  }

  /** Processor time, the sampled time scaled by the calls that were not timed. */
  public long cpuNanos() {
    long sampledCalls = read(SAMPLED_CALLS);
    if (sampledCalls == 0) {
      return 0;
    }
    return (long) ((double) read(SAMPLED_NANOS) * read(CALLS) / sampledCalls);
  }

  /** A snapshot; {@code overrides} replaces drop reasons or figures kept elsewhere (by name). */
  public StageFigures figures(Map<String, Long> overrides) {
    Map<String, Long> dropped = new LinkedHashMap<>();
    for (int i = 0; i < reasons.length; i++) {
      dropped.put(reasons[i], overrides.getOrDefault(reasons[i], read(FIXED + i)));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < countNames.length; i++) {
      counts.put(
          countNames[i], overrides.getOrDefault(countNames[i], read(FIXED + reasons.length + i)));
    }
    return new StageFigures(
        stage,
        unit,
        overrides.getOrDefault("in", read(IN)),
        overrides.getOrDefault("out", read(OUT)),
        dropped,
        counts,
        cpuNanos());
  }

  public StageFigures figures() {
    return figures(Map.of());
  }
}
