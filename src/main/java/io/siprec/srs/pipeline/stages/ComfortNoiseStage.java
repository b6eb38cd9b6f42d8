package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.ComfortNoiseSource;
import io.siprec.srs.pipeline.ReorderBuffer;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.session.StageFigures;

/**
 * Comfort-noise descriptors (RFC 3389 §3): the SRC says it goes quiet, at what level. Consumes
 * every packet; the decode stage fills the silence that follows with noise of that level ({@link
 * #signalled}, {@link #fill}) until audio comes again.
 */
public final class ComfortNoiseStage implements Stage<ReorderBuffer.Slot> {
  private final ComfortNoiseSource noise = new ComfortNoiseSource();
  private final StageClock clock;
  private final StageMeter meter = StageMeter.forPackets("comfort-noise");
  private boolean signalled; // a descriptor came after the last audio

  public ComfortNoiseStage(StageClock clock) {
    this.clock = clock;
  }

  @Override
  public void accept(ReorderBuffer.Slot p) {
    StageMeter caller = clock.enter(meter);
    meter.in();
    noise.levelFromDbov(p.length > 0 ? p.payload[0] & 0x7f : 127); // §3: the level byte, -dBov
    signalled = true;
    clock.leave(caller);
  }

  /** Whether the SRC signalled silence since the last audio packet. */
  public boolean signalled() {
    return signalled;
  }

  /** Audio again: the silence is over. */
  public void audioResumed() {
    signalled = false;
  }

  /** Noise at the signalled level. */
  public int fill(short[] out, int offset, int samples) {
    return noise.fill(out, offset, samples);
  }

  @Override
  public void flush() {}

  @Override
  public void finish() {}

  public StageFigures figures() {
    return meter.figures();
  }
}
