package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.ChunkAssembler;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.pipeline.StreamTimeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;

/**
 * Hands each finished chunk to the audio sink (JMS, and the stereo mix when it is on) as an {@link
 * AudioChunk}: little-endian 16-bit PCM, the stream's attribution, and the sender's capture time of
 * its first sample where RTCP gave one. The only allocation of the media path: per chunk, the PCM
 * bytes and the chunk record. Counts chunks.
 */
public final class PublishStage implements ChunkAssembler.Output {
  /** The sender's wall clock (RTCP SR, RFC 3550 §6.4.1) of an RTP timestamp; -1 if unknown. */
  public interface SenderClock {
    long wallClockMillis(long rtpTimestamp, int clockRate);
  }

  private static final int SAMPLES = 0;

  private final RecordingSessionId sessionId;
  private final StreamLabel label;
  private final int outputRate;
  private final AudioChunkSink sink;
  private final StreamTimeline timeline;
  private final SenderClock senderClock;
  private final StageClock clock;
  private final StageMeter meter =
      StageMeter.of("publish", StageFigures.Unit.CHUNKS, StageMeter.NO_REASONS, "samples");

  /** Set by signalling threads when metadata arrives; read once per chunk. */
  private volatile StreamAttribution attribution = StreamAttribution.UNKNOWN;

  public PublishStage(
      RecordingSessionId sessionId,
      StreamLabel label,
      int outputRate,
      AudioChunkSink sink,
      StreamTimeline timeline,
      SenderClock senderClock,
      StageClock clock) {
    this.sessionId = sessionId;
    this.label = label;
    this.outputRate = outputRate;
    this.sink = sink;
    this.timeline = timeline;
    this.senderClock = senderClock;
    this.clock = clock;
  }

  public void attribute(StreamAttribution newAttribution) {
    this.attribution = newAttribution;
  }

  /**
   * @param pcm borrowed: copied into the chunk
   */
  @Override
  public void chunk(
      long sequence,
      long startSample,
      short[] pcm,
      int count,
      long captureTimeMillis,
      boolean last) {
    StageMeter caller = clock.enter(meter);
    meter.in();
    long srcCaptureMillis = -1;
    int clockRate = timeline.audioClockRate();
    if (clockRate > 0) {
      srcCaptureMillis =
          senderClock.wallClockMillis(
              timeline.timestampAt(startSample, clockRate, outputRate), clockRate);
    }
    byte[] bytes = new byte[count * 2];
    for (int i = 0, j = 0; i < count; i++, j += 2) {
      short s = pcm[i];
      bytes[j] = (byte) s;
      bytes[j + 1] = (byte) (s >> 8);
    }
    sink.accept(
        new AudioChunk(
            sessionId,
            label,
            sequence,
            outputRate,
            startSample,
            captureTimeMillis,
            bytes,
            last,
            attribution,
            1,
            AudioChunk.ChannelLayout.MONO,
            srcCaptureMillis));
    meter.out();
    meter.count(SAMPLES, count);
    clock.leave(caller);
  }

  public long chunksPublished() {
    return meter.outCount();
  }

  public long samplesPublished() {
    return meter.figure(SAMPLES);
  }

  public StageFigures figures() {
    return meter.figures();
  }
}
