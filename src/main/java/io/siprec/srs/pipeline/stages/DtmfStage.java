package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.DtmfReceiver;
import io.siprec.srs.pipeline.ReorderBuffer;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.pipeline.StreamTimeline;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamLabel;

/**
 * Telephone events (RFC 4733): reports each key press once it ends, and with DTMF blanking on has
 * the chunk stage publish silence where the tone was. Consumes every packet (none goes on).
 */
public final class DtmfStage implements Stage<ReorderBuffer.Slot> {
  private final DtmfReceiver dtmf = new DtmfReceiver();
  private final RecordingSessionId sessionId;
  private final StreamLabel label;
  private final MediaEvents events;
  private final boolean blanking;
  private final StreamTimeline timeline;
  private final ChunkStage chunks;
  private final int outputRate;
  private final StageClock clock;
  private final StageMeter meter = StageMeter.forPackets("dtmf", "events");

  public DtmfStage(
      RecordingSessionId sessionId,
      StreamLabel label,
      MediaEvents events,
      boolean blanking,
      StreamTimeline timeline,
      ChunkStage chunks,
      int outputRate,
      StageClock clock) {
    this.sessionId = sessionId;
    this.label = label;
    this.events = events;
    this.blanking = blanking;
    this.timeline = timeline;
    this.chunks = chunks;
    this.outputRate = outputRate;
    this.clock = clock;
  }

  @Override
  public void accept(ReorderBuffer.Slot p) {
    StageMeter caller = clock.enter(meter);
    meter.in();
    int clockRate = p.route.format().clockRate();
    DtmfReceiver.Tone tone =
        dtmf.packet(p.payload, p.length, p.timestamp, p.arrivalMillis, clockRate);
    if (blanking && dtmf.active()) {
      long start = timeline.positionOf(dtmf.startTimestamp(), clockRate, outputRate);
      chunks.blank(
          start, start + dtmf.durationSoFar() * (long) outputRate / clockRate + outputRate / 50);
    }
    if (tone != null) {
      meter.count(0, 1);
      long start = timeline.positionOf(tone.startTimestamp(), clockRate, outputRate);
      events.dtmf(
          sessionId,
          label,
          new DtmfTone(
              tone.digit(),
              tone.startMillis(),
              start,
              tone.durationSamples() * 1000 / clockRate,
              tone.volume()));
    }
    clock.leave(caller);
  }

  @Override
  public void flush() {}

  @Override
  public void finish() {}

  /** Key presses reported. */
  public long events() {
    return meter.figure(0);
  }

  public StageFigures figures() {
    return meter.figures();
  }
}
