package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.PacketView;
import io.siprec.srs.pipeline.ReorderBuffer;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.session.StageFigures;
import java.util.Map;

/**
 * Puts packets back into sequence order ({@link ReorderBuffer}) and hands them on in order, each
 * with the count of packets declared lost before it. Copies what it keeps: the ingress's packet
 * view is borrowed for the call only. Drops late, duplicate and oversize packets (counted by the
 * buffer, reported here).
 */
public final class ReorderStage implements Stage<ReorderStage.Arrival>, ReorderBuffer.Sink {
  /** A packet arriving: its header and payload, and when it arrived. */
  public interface Arrival extends PacketView {
    long arrivalNanos();

    long arrivalMillis();
  }

  private final ReorderBuffer buffer;
  private final Stage<ReorderBuffer.Slot> next;
  private final StageClock clock;
  private final StageMeter meter =
      StageMeter.forPackets("reorder", "lost", "reordered", "restarts");

  public ReorderStage(int depth, Stage<ReorderBuffer.Slot> next, StageClock clock) {
    this.buffer = new ReorderBuffer(depth);
    this.next = next;
    this.clock = clock;
  }

  @Override
  public void accept(Arrival packet) {
    StageMeter caller = clock.enter(meter);
    meter.in();
    buffer.offer(packet, packet.arrivalNanos(), packet.arrivalMillis(), this); // counts its drops
    clock.leave(caller);
  }

  @Override
  public void released(ReorderBuffer.Slot packet, int lostBefore) {
    packet.lostBefore = lostBefore;
    meter.out();
    next.accept(packet);
  }

  /** A new SSRC: what is held goes on, and the next packet starts a new sequence. */
  public void restart() {
    buffer.restart(this);
  }

  @Override
  public void flush() {
    buffer.flush(this);
    next.flush();
  }

  @Override
  public void finish() {
    buffer.flush(this);
    next.finish();
  }

  public long lost() {
    return buffer.lost();
  }

  public long reordered() {
    return buffer.reordered();
  }

  public StageFigures figures() {
    return meter.figures(
        Map.of(
            "late",
            buffer.late(),
            "duplicate",
            buffer.duplicates(),
            "oversize",
            buffer.oversize(),
            "lost",
            buffer.lost(),
            "reordered",
            buffer.reordered(),
            "restarts",
            buffer.restarts()));
  }
}
