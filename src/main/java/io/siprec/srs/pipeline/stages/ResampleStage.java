package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.PcmBlock;
import io.siprec.srs.pipeline.PcmScratch;
import io.siprec.srs.pipeline.Resampler;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.session.StageFigures;
import java.util.Arrays;

/**
 * Converts blocks from their codec's rate to the output rate. A run of audio (from a stream's
 * start, a pause, a gap or a codec change to the next) goes through one resampler without a reset:
 * the first block of a run resets it, a run end drains what its filter still holds. One resampler
 * per input rate, made on first use; a run never spans two rates (a codec change ends the run).
 * Counts samples: in at the input rate, out at the output rate.
 */
public final class ResampleStage implements Stage<PcmBlock> {
  private static final int RESETS = 0;
  private static final int DRAINED = 1;

  private final int outputRate;
  private final Stage<PcmBlock> next;
  private final StageClock clock;
  private final StageMeter meter =
      StageMeter.of(
          "resample",
          StageFigures.Unit.SAMPLES,
          StageMeter.NO_REASONS,
          "resets",
          "samples-drained");
  private final PcmBlock out = new PcmBlock();
  private Resampler[] byRate = new Resampler[0];
  private Resampler running; // the run's, or null between runs
  private int lastOutput;

  public ResampleStage(int outputRate, Stage<PcmBlock> next, StageClock clock) {
    this.outputRate = outputRate;
    this.next = next;
    this.clock = clock;
  }

  @Override
  public void accept(PcmBlock block) {
    StageMeter caller = clock.enter(meter);
    meter.in(block.count);
    short[] output = PcmScratch.get().outputSamples;
    out.describeAs(block);
    out.samples = output;
    out.offset = 0;
    out.rate = outputRate;
    if (block.kind == PcmBlock.Kind.RUN_END) {
      int n = 0;
      if (running != null) {
        n = running.drain(output, 0);
        out.delay = running.delaySamples();
        running.reset();
        meter.count(DRAINED, n);
      }
      running = null;
      out.count = n;
    } else {
      if (block.startsRun || running == null) {
        running = forRate(block.rate);
        running.reset();
        meter.count(RESETS, 1);
      }
      int n = running.process(block.samples, block.offset, block.count, output, 0);
      out.count = Math.min(n, block.outputLimit);
      out.delay = running.delaySamples();
    }
    lastOutput = out.count;
    meter.out(out.count);
    next.accept(out);
    clock.leave(caller);
  }

  /** Output samples made of the last block handed in (what went on). */
  public int lastOutput() {
    return lastOutput;
  }

  private Resampler forRate(int rate) {
    for (Resampler r : byRate) {
      if (r.inRate() == rate) {
        return r;
      }
    }
    Resampler r = new Resampler(rate, outputRate);
    Resampler[] more = Arrays.copyOf(byRate, byRate.length + 1);
    more[byRate.length] = r;
    byRate = more;
    return r;
  }

  @Override
  public void flush() {
    next.flush();
  }

  @Override
  public void finish() {
    next.finish();
  }

  public StageFigures figures() {
    return meter.figures();
  }
}
