package io.siprec.srs.pipeline.stages;

import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.pipeline.PayloadRoute;
import io.siprec.srs.pipeline.ReorderBuffer;
import io.siprec.srs.pipeline.Stage;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.StageFigures;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends each packet by its payload type: telephone events (RFC 4733) to the DTMF stage, comfort
 * noise (RFC 3389) to the comfort-noise stage, audio to the decode stage. Drops payload types not
 * negotiated for the stream (or renegotiated away while the packet was held), and audio it has no
 * decoder for. Also refuses, for the ingress, an unknown payload type before the reorder buffer, so
 * that it takes no place in the sequence.
 */
public final class PayloadDemux implements Stage<ReorderBuffer.Slot> {
  private final Stage<ReorderBuffer.Slot> dtmf;
  private final Stage<ReorderBuffer.Slot> comfortNoise;
  private final Stage<ReorderBuffer.Slot> decode;
  private final Function<PayloadFormat, Optional<Decoder>> decoders;
  private final StageClock clock;
  private final StageMeter meter = StageMeter.forPackets("demux");
  private PayloadRoute[] routes = new PayloadRoute[128];

  public PayloadDemux(
      Stage<ReorderBuffer.Slot> dtmf,
      Stage<ReorderBuffer.Slot> comfortNoise,
      Stage<ReorderBuffer.Slot> decode,
      Function<PayloadFormat, Optional<Decoder>> decoders,
      StageClock clock) {
    this.dtmf = dtmf;
    this.comfortNoise = comfortNoise;
    this.decode = decode;
    this.decoders = decoders;
    this.clock = clock;
  }

  /** The negotiated formats (a re-INVITE may change them). Made on the receive thread. */
  public void configure(List<PayloadFormat> formats) {
    PayloadRoute[] next = new PayloadRoute[128];
    for (PayloadFormat f : formats) {
      // Keep a decoder (and its state) when the same format stays under the same number.
      PayloadRoute old = routes[f.payloadType()];
      next[f.payloadType()] =
          old != null && old.format().equals(f)
              ? old
              : PayloadRoute.of(f, decoders.apply(f).orElse(null));
    }
    routes = next;
  }

  /** The format negotiated for {@code payloadType}, or null. */
  public PayloadFormat formatOf(int payloadType) {
    PayloadRoute r = routes[payloadType];
    return r == null ? null : r.format();
  }

  /** A packet of a payload type not negotiated, refused before the reorder buffer. */
  public void refuseUnknown() {
    meter.in();
    meter.drop(PacketDrop.DEMUX_UNKNOWN_PAYLOAD_TYPE);
  }

  @Override
  public void accept(ReorderBuffer.Slot packet) {
    StageMeter caller = clock.enter(meter);
    meter.in();
    PayloadRoute route = routes[packet.payloadType];
    packet.route = route;
    if (route == null) {
      meter.drop(
          PacketDrop.DEMUX_UNKNOWN_PAYLOAD_TYPE); // renegotiated away while the packet was held
    } else if (route.format().encoding() == AudioEncoding.TELEPHONE_EVENT) {
      meter.out();
      dtmf.accept(packet);
    } else if (route.format().encoding() == AudioEncoding.CN) {
      meter.out();
      comfortNoise.accept(packet);
    } else if (route.decoder() != null) {
      meter.out();
      decode.accept(packet);
    } else {
      meter.drop(PacketDrop.DEMUX_UNKNOWN_PAYLOAD_TYPE);
    }
    clock.leave(caller);
  }

  @Override
  public void flush() {
    decode.flush();
  }

  @Override
  public void finish() {
    decode.finish();
  }

  public StageFigures figures() {
    return meter.figures();
  }
}
