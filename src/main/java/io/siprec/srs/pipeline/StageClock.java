package io.siprec.srs.pipeline;

import java.util.function.LongSupplier;

/**
 * Measures the processor time of a stream's stages cheaply: only one item in {@link #SAMPLE_EVERY}
 * is timed, with one {@link System#nanoTime()} at each stage boundary it crosses (entering a stage
 * charges the time since the last boundary to the stage that was running, leaving it charges its
 * own time to it and hands the clock back to the caller). A stage's time excludes the stages it
 * hands on to. {@link StageMeter} scales the sampled time by the calls it did not time.
 *
 * <p>One per stream, on the stream's receive thread.
 */
public final class StageClock {
  /** Items (datagrams) per timed one: a power of two. */
  public static final int SAMPLE_EVERY = 16;

  private final LongSupplier nanoTime;
  private int items;
  private boolean timing;
  private StageMeter running;
  private long lastBoundary;

  public StageClock() {
    this(System::nanoTime);
  }

  /** With another time source: for tests. */
  StageClock(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /** A new item enters the chain at its first stage: decides whether this one is timed. */
  public void startItem() {
    timing = (++items & (SAMPLE_EVERY - 1)) == 0;
  }

  /** Stops timing until the next {@link #startItem} (control calls: pause, finish). */
  public void stopTiming() {
    timing = false;
  }

  /**
   * Entering {@code stage}.
   *
   * @return the stage to hand the clock back to on {@link #leave}
   */
  public StageMeter enter(StageMeter stage) {
    stage.called();
    if (!timing) {
      return null;
    }
    long now = nanoTime.getAsLong();
    if (running != null) {
      running.timed(now - lastBoundary);
    }
    stage.sampled();
    lastBoundary = now;
    StageMeter caller = running;
    running = stage;
    return caller;
  }

  /** Leaving the stage entered last; {@code caller} is what {@link #enter} returned. */
  public void leave(StageMeter caller) {
    if (!timing || running == null) {
      return;
    }
    long now = nanoTime.getAsLong();
    running.timed(now - lastBoundary);
    lastBoundary = now;
    running = caller;
  }
}
