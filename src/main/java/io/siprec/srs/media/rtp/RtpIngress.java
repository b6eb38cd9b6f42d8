package io.siprec.srs.media.rtp;

import io.siprec.srs.media.codec.Decoders;
import io.siprec.srs.pipeline.StageClock;
import io.siprec.srs.pipeline.StageMeter;
import io.siprec.srs.pipeline.StreamPipeline;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.PacketDrops;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress of one stream: its RTP and RTCP datagrams, SRTP/SRTCP, validation, source latching,
 * RTCP (on its own port or multiplexed, RFC 5761) to the stream's {@link RtcpReader}, interarrival
 * jitter; then each valid packet goes to the head of the stream's {@link StreamPipeline}.
 *
 * <p>Confined to one receive loop thread. Figures are written by that thread only and may be read
 * by any ({@link #statistics}).
 *
 * <p>Source latching: the first valid RTP packet fixes the source address. Packets from any other
 * source are dropped and counted, unless the latched source has been silent for a second: then the
 * stream re-latches to the new source (an SBC fail-over moves the media to a new address).
 */
final class RtpIngress implements RtpReceiveLoop.Reader {
  private static final Logger LOG = LoggerFactory.getLogger(RtpIngress.class);
  private static final long RELATCH_AFTER_SILENCE_NANOS = 1_000_000_000L;
  private static final int RTCP_MULTIPLEXED = 0;
  private static final int WHILE_PAUSED = 1;
  private static final int SSRC_CHANGES = 2;
  private static final int RECEIVE_ERRORS = 3;

  private final RecordingSessionId sessionId;
  private final StreamLabel label;
  private final int outputRate;
  private final MediaEvents events;
  private SrtpReceiver srtp;
  private SrtcpReceiver srtcp;
  private final RtcpReader rtcp = new RtcpReader();
  private final RtpPacket packet = new RtpPacket();
  private final StreamPipeline pipeline;
  private final StageClock clock;
  private final StageMeter meter =
      StageMeter.forPackets(
          "ingress", "rtcp-multiplexed", "while-paused", "ssrc-changes", "receive-errors");

  private boolean paused;
  private long pausedSinceNanos;
  private boolean closed;
  private SocketAddress latched;
  private long lastAcceptedNanos;
  private boolean started;
  private long ssrc;
  private boolean silent;
  private long lastTransit;
  private double jitter; // RFC 3550 A.8, in RTP clock units
  private volatile double jitterMillis;
  private volatile long pausedNanos;
  private volatile long lastPacketNanos;

  RtpIngress(
      RecordingSessionId sessionId,
      StreamLabel label,
      List<PayloadFormat> formats,
      StreamPipeline.Options options,
      AudioChunkSink sink,
      MediaEvents events,
      SrtpParameters srtp,
      long nowNanos) {
    this.sessionId = sessionId;
    this.label = label;
    this.outputRate = options.outputRate();
    this.events = events;
    this.srtp = srtp == null ? null : new SrtpReceiver(srtp);
    this.srtcp = srtp == null ? null : new SrtcpReceiver(srtp);
    this.lastPacketNanos = nowNanos;
    this.pipeline =
        StreamPipeline.builder().stream(sessionId, label)
            .formats(formats)
            .options(options)
            .decoders(Decoders::forFormat)
            .sink(sink)
            .events(events)
            .senderClock(
                (timestamp, clockRate) ->
                    started ? rtcp.wallClockOf(ssrc, timestamp, clockRate) : -1)
            .build();
    this.clock = pipeline.clock();
  }

  /** A re-INVITE: new payload formats, and new SRTP keys (or none) when the SRC rekeyed. */
  void reconfigure(List<PayloadFormat> formats, SrtpParameters newSrtp) {
    pipeline.configure(formats);
    srtp = newSrtp == null ? null : new SrtpReceiver(newSrtp);
    srtcp = newSrtp == null ? null : new SrtcpReceiver(newSrtp);
  }

  void pause(long nowNanos) {
    if (!paused) {
      paused = true;
      pausedSinceNanos = nowNanos;
      pipeline.flush();
    }
  }

  /**
   * The packets the SRC sent while paused were counted and dropped at the door: the reorder buffer
   * starts a new sequence, so their sequence numbers are not a gap declared lost, and the jitter
   * estimate does not take the pause for a delay.
   */
  void resume(long nowNanos) {
    if (paused) {
      endPause(nowNanos);
      pipeline.restart();
      lastTransit = 0;
    }
  }

  private void endPause(long nowNanos) {
    paused = false;
    pausedNanos += nowNanos - pausedSinceNanos;
  }

  void attribute(StreamAttribution attribution) {
    pipeline.attribute(attribution);
  }

  /** Publishes the last chunk; afterwards every packet is ignored. */
  void finish(long nowNanos) {
    if (closed) {
      return;
    }
    pipeline.finish();
    if (paused) {
      endPause(nowNanos);
    }
    closed = true;
  }

  /** Housekeeping, on the loop thread: reports a stream that went quiet without signalling. */
  void checkSilence(long nowNanos, long timeoutNanos) {
    if (closed || paused) {
      return;
    }
    long quiet = nowNanos - lastPacketNanos;
    if (!silent && quiet > timeoutNanos) {
      silent = true;
      events.silence(sessionId, label, true, quiet / 1_000_000);
    }
  }

  long lastPacketNanos() {
    return lastPacketNanos;
  }

  /** The RTCP port's datagrams, to {@link #onRtcpDatagram}. */
  final RtpReceiveLoop.Reader rtcpPort =
      new RtpReceiveLoop.Reader() {
        @Override
        public void onDatagram(
            ByteBuffer datagram,
            SocketAddress from,
            long nowNanos,
            long nowMillis,
            boolean truncated) {
          onRtcpDatagram(datagram, truncated);
        }

        @Override
        public void socketError(IOException e) {
          LOG.debug("session {} stream {}: RTCP receive failed", sessionId, label, e);
        }
      };

  @Override
  public void onDatagram(
      ByteBuffer datagram, SocketAddress from, long nowNanos, long nowMillis, boolean truncated) {
    clock.startItem();
    StageMeter caller = clock.enter(meter);
    meter.in();
    receive(datagram, from, nowNanos, nowMillis, truncated);
    clock.leave(caller);
  }

  private void receive(
      ByteBuffer datagram, SocketAddress from, long nowNanos, long nowMillis, boolean truncated) {
    if (closed) {
      meter.drop(PacketDrop.INGRESS_AFTER_END);
      return;
    }
    if (truncated) {
      meter.drop(PacketDrop.INGRESS_TRUNCATED);
      return;
    }
    if (RtpPacket.looksLikeRtcp(datagram)) {
      meter.count(RTCP_MULTIPLEXED, 1); // RTCP multiplexed on the RTP port (RFC 5761)
      readRtcp(datagram);
      return;
    }
    if (srtp != null) {
      PacketDrop refused = srtp.unprotect(datagram);
      if (refused != null) {
        meter.drop(refused);
        return;
      }
    }
    if (!packet.wrap(datagram)) {
      meter.drop(PacketDrop.INGRESS_MALFORMED);
      return;
    }
    if (!from.equals(latched)) {
      if (latched != null && nowNanos - lastAcceptedNanos < RELATCH_AFTER_SILENCE_NANOS) {
        meter.drop(PacketDrop.INGRESS_FOREIGN_SOURCE);
        return;
      }
      if (latched != null) {
        LOG.info(
            "session {} stream {}: RTP source moved from {} to {}",
            sessionId,
            label,
            latched,
            from);
      }
      latched = from;
    }
    lastAcceptedNanos = nowNanos;
    lastPacketNanos = nowNanos;
    if (silent) {
      silent = false;
      events.silence(sessionId, label, false, 0);
    }
    if (paused) {
      meter.count(WHILE_PAUSED, 1);
      return;
    }
    meter.out();
    PayloadFormat format = pipeline.formatOf(packet.payloadType());
    if (format == null) {
      pipeline.refuseUnknown();
      return;
    }
    if (!started || packet.ssrc() != ssrc) {
      if (started) {
        meter.count(SSRC_CHANGES, 1);
        pipeline.restart();
      }
      started = true;
      ssrc = packet.ssrc();
      lastTransit = 0;
    }
    updateJitter(format.clockRate(), nowNanos);
    packet.arrived(nowNanos, nowMillis);
    pipeline.accept(packet);
  }

  /** A datagram on the stream's RTCP port. */
  void onRtcpDatagram(ByteBuffer datagram, boolean truncated) {
    if (closed) {
      return;
    }
    if (truncated) {
      rtcp.malformed();
      return;
    }
    readRtcp(datagram);
  }

  private void readRtcp(ByteBuffer datagram) {
    if (srtcp != null && srtcp.unprotect(datagram) != null) {
      rtcp.authenticationFailed();
      return;
    }
    rtcp.read(datagram);
  }

  /** RFC 3550 A.8: interarrival jitter, smoothed over 16 packets. */
  private void updateJitter(int clockRate, long nowNanos) {
    long arrival = nowNanos * clockRate / 1_000_000_000L;
    long transit = arrival - packet.timestamp();
    if (lastTransit != 0) {
      long d = Math.abs(transit - lastTransit);
      jitter += (d - jitter) / 16.0;
      jitterMillis = jitter * 1000.0 / clockRate;
    }
    lastTransit = transit;
  }

  @Override
  public void socketError(IOException e) {
    meter.count(RECEIVE_ERRORS, 1);
    LOG.debug("session {} stream {}: receive failed", sessionId, label, e);
  }

  /** Every stage's figures, ingress first, in chain order. Any thread. */
  List<StageFigures> stageFigures() {
    List<StageFigures> stages = new ArrayList<>(10);
    stages.add(meter.figures());
    stages.addAll(pipeline.figures());
    return stages;
  }

  StreamStatistics statistics(long nowNanos) {
    long pausedMs = (pausedNanos + (paused ? nowNanos - pausedSinceNanos : 0)) / 1_000_000;
    List<StageFigures> stages = stageFigures();
    long[] drops = new long[PacketDrop.values().length];
    long nonAudio = meter.figure(RTCP_MULTIPLEXED);
    for (StageFigures stage : stages) {
      for (PacketDrop d : PacketDrop.values()) {
        if (d.stage().equals(stage.stage())) {
          drops[d.ordinal()] = stage.dropped(d.reason());
        }
      }
      if (stage.stage().equals("dtmf") || stage.stage().equals("comfort-noise")) {
        nonAudio += stage.in();
      }
    }
    StreamPipeline.Totals t = pipeline.totals();
    return new StreamStatistics(
        meter.inCount(),
        t.packetsDecoded(),
        t.packetsPublished(),
        t.packetsLost(),
        t.packetsReordered(),
        meter.figure(WHILE_PAUSED),
        nonAudio,
        PacketDrops.of(drops),
        meter.figure(RECEIVE_ERRORS),
        meter.figure(SSRC_CHANGES),
        t.dtmfEvents(),
        jitterMillis,
        outputRate,
        t.samplesExpected(),
        t.samplesDecoded(),
        t.samplesConcealed(),
        t.samplesComfortNoise(),
        t.chunksPublished(),
        t.samplesPublished(),
        pausedMs,
        rtcp.figures(t.audioClockRate()),
        stages);
  }
}
