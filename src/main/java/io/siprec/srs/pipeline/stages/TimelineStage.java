package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.PcmBlock;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.StageFigures;

/**
 * Places converted audio on the stream's timeline. The resampler's output lags its input by its
 * filter's delay, so a run's audio is placed that much earlier (sample n is position n); what the
 * filter computed for before the run's start (its history was silence) is dropped, and the next
 * chunk is shortened by the delay so that no chunk waits for the next packet. Counts decoded
 * packets: in, placed (out), and late: every sample before the chunk being filled.
 */
public final class TimelineStage implements Stage<PcmBlock> {
  private static final int SAMPLES_PLACED = 0;

  private final int outputRate;
  private final ChunkStage next;
  private final StageClock clock;
  private final StageMeter meter = StageMeter.forPackets("timeline", "samples-decoded");
  private final PcmBlock placed = new PcmBlock();

  /** Where the current run began on the timeline; -1 between runs. */
  private long runStart = -1;

  /** Capture time of the end of the run's audio so far. */
  private long runEndMillis;

  private boolean lastPlaced;

  public TimelineStage(int outputRate, ChunkStage next, StageClock clock) {
    this.outputRate = outputRate;
    this.next = next;
    this.clock = clock;
  }

  @Override
  public void accept(PcmBlock block) {
    StageMeter caller = clock.enter(meter);
    switch (block.kind) {
      case DECODED -> {
        meter.in();
        startRun(block);
        lastPlaced = place(block, block.position, block.packetEndMillis);
        if (lastPlaced) {
          meter.out();
          meter.count(SAMPLES_PLACED, block.count);
        } else {
          meter.drop(PacketDrop.TIMELINE_LATE);
        }
      }
      case CONCEALED, COMFORT_NOISE -> {
        startRun(block);
        long pieceEnd = block.position + block.count;
        place(
            block,
            block.position,
            block.packetEndMillis - (block.packetEnd - pieceEnd) * 1000 / outputRate);
      }
      case RUN_END -> {
        if (runStart >= 0) {
          place(block, block.expectedBefore, runEndMillis + block.count * 1000L / outputRate);
        }
        runStart = -1;
      }
    }
    clock.leave(caller);
  }

  private void startRun(PcmBlock block) {
    if (block.startsRun) {
      runStart = block.position;
      next.shortenNextChunk(block.delay); // no chunk waits for the next packet
    }
  }

  /**
   * @param endMillis capture time of position + count
   * @return false if every sample was late
   */
  private boolean place(PcmBlock block, long position, long endMillis) {
    int delay = block.delay;
    int count = block.count;
    long at = position - delay;
    int skip = (int) Math.min(count, Math.max(0, runStart - at));
    if (position + count >= block.expectedBefore) {
      runEndMillis = endMillis;
    }
    if (skip == count) {
      return true; // only what precedes the run: its audio comes with the next conversion
    }
    placed.samples = block.samples;
    placed.offset = block.offset + skip;
    placed.count = count - skip;
    placed.position = at + skip;
    placed.packetEndMillis = endMillis - delay * 1000L / outputRate;
    next.accept(placed);
    return next.lastAccepted();
  }

  /** Whether the last decoded block was placed (not wholly late). */
  public boolean lastPlaced() {
    return lastPlaced;
  }

  @Override
  public void flush() {
    next.flush();
  }

  @Override
  public void finish() {
    next.finish();
  }

  public long packetsPublished() {
    return meter.outCount();
  }

  public long samplesDecoded() {
    return meter.figure(SAMPLES_PLACED);
  }

  public StageFigures figures() {
    return meter.figures();
  }
}
