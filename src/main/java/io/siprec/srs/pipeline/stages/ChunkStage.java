package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.ChunkAssembler;
import io.siprec.srs.pipeline.PcmBlock;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.session.StageFigures;
import java.util.Map;

/**
 * Cuts the placed audio into chunks of a fixed length by timeline position ({@link ChunkAssembler}:
 * short holes filled with silence, long ones a visible gap, DTMF blanked) and hands each finished
 * chunk to the publish stage. Counts samples: in as placed, out in finished chunks, and late ones
 * (before the chunk being filled) dropped.
 */
public final class ChunkStage implements Stage<PcmBlock>, ChunkAssembler.Output {
  private static final String[] REASONS = {"late"};
  private static final int CHUNKS = 0;
  private static final int SILENCE_FILLED = 1;

  private final ChunkAssembler assembler;
  private final PublishStage next;
  private final StageClock clock;
  private final StageMeter meter =
      StageMeter.of(
          "chunk", StageFigures.Unit.SAMPLES, REASONS, "chunks", "samples-silence-filled");
  private boolean lastAccepted;

  public ChunkStage(
      int outputRate, int chunkMillis, long maxConcealMillis, PublishStage next, StageClock clock) {
    this.assembler = new ChunkAssembler(outputRate, chunkMillis, maxConcealMillis, this);
    this.next = next;
    this.clock = clock;
  }

  /**
   * Places {@code block.count} samples at {@code block.position}; capture time of their end in
   * packetEndMillis.
   */
  @Override
  public void accept(PcmBlock block) {
    StageMeter caller = clock.enter(meter);
    meter.in(block.count);
    lastAccepted =
        assembler.write(
            block.position, block.samples, block.offset, block.count, block.packetEndMillis);
    clock.leave(caller);
  }

  /** Whether the last block was taken (false: every sample was late). */
  public boolean lastAccepted() {
    return lastAccepted;
  }

  /** See {@link ChunkAssembler#shortenNextChunk}. */
  public void shortenNextChunk(int samples) {
    assembler.shortenNextChunk(samples);
  }

  /** Silence instead of audio for positions [from, to): DTMF blanking. */
  public void blank(long from, long to) {
    assembler.blank(from, to);
  }

  @Override
  public void chunk(
      long sequence,
      long startSample,
      short[] samples,
      int count,
      long captureTimeMillis,
      boolean last) {
    meter.out(count);
    meter.count(CHUNKS, 1);
    next.chunk(sequence, startSample, samples, count, captureTimeMillis, last);
  }

  @Override
  public void flush() {
    assembler.flush();
  }

  @Override
  public void finish() {
    assembler.finish();
  }

  public StageFigures figures() {
    return meter.figures(
        Map.of(
            "late",
            assembler.lateSamples(),
            "samples-silence-filled",
            assembler.concealedSamples()));
  }
}
