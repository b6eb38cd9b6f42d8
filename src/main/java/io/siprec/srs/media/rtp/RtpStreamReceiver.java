package io.siprec.srs.media.rtp;

import io.siprec.srs.media.codec.Decoders;
import io.siprec.srs.pipeline.ChunkAssembler;
import io.siprec.srs.pipeline.ComfortNoiseSource;
import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.pipeline.Resampler;
import io.siprec.srs.pipeline.StreamTimeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.PacketDrops;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.StreamAttribution;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamStatistics;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that happens to one stream's packets, in order: SRTP, validation, source latching,
 * (RTCP, on its own port or multiplexed, goes to the stream's {@link RtcpReader}),
 * the reorder buffer, then per payload type: DTMF (RFC 4733), comfort noise (RFC 3389), or audio,
 * which is concealed where packets were lost, decoded, converted to the output rate, placed on
 * the stream's timeline and cut into chunks for the audio sink.
 *
 * <p>Confined to one receive loop thread. Counters are volatile so that other threads may read
 * them; only the loop thread writes them.
 *
 * <p>Source latching: the first valid RTP packet fixes the source address. Packets from any other
 * source are dropped and counted, unless the latched source has been silent for a second: then
 * the stream re-latches to the new source (an SBC fail-over moves the media to a new address).
 */
final class RtpStreamReceiver implements ReorderBuffer.Sink, RtpReceiveLoop.Reader {
  private static final Logger LOG = LoggerFactory.getLogger(RtpStreamReceiver.class);
  private static final long RELATCH_AFTER_SILENCE_NANOS = 1_000_000_000L;
  /** Losses are concealed up to this; longer holes become visible gaps. */
  private static final long MAX_CONCEAL_MILLIS = 1000;
  /** Signalled silence (DTX) is filled with comfort noise up to this. */
  private static final long MAX_COMFORT_NOISE_MILLIS = 30_000;
  /** Native samples one call may produce: 120 ms at 48 kHz, or 1.5 kB of G.722. */
  private static final int MAX_NATIVE = 5760;

  /** What to do with one payload type. */
  private static final class PayloadHandler {
    final PayloadFormat format;
    final Decoder decoder; // null for events and comfort noise
    final Resampler resampler;

    PayloadHandler(PayloadFormat format, Decoder decoder, int outputRate) {
      this.format = format;
      this.decoder = decoder;
      this.resampler = decoder == null ? null : new Resampler(decoder.sampleRate(), outputRate);
    }
  }

  private final RecordingSessionId sessionId;
  private final StreamLabel label;
  private final int outputRate;
  private final AudioChunkSink sink;
  private final MediaEvents events;
  private final boolean dtmfBlanking;
  private SrtpReceiver srtp;
  private SrtcpReceiver srtcp;
  private final RtcpReader rtcp = new RtcpReader();
  private final RtpPacket packet = new RtpPacket();
  private final StreamTimeline timeline = new StreamTimeline();
  private final ReorderBuffer reorder;
  private final ChunkAssembler assembler;
  /**
   * Decoded and converted samples of the packet being handled: working arrays of the receive
   * thread, shared by all its streams (nothing in them outlives one packet), so that a stream
   * does not carry 35 kB of its own and a packet does not touch a cold copy of them.
   */
  private static final ThreadLocal<Samples> SAMPLES = ThreadLocal.withInitial(Samples::new);

  private static final class Samples {
    final short[] nativeSamples = new short[MAX_NATIVE];
    final short[] outputSamples = new short[MAX_NATIVE * 2 + 16];
  }
  private final DtmfReceiver dtmf;
  private final ComfortNoiseSource comfortNoise = new ComfortNoiseSource();

  private PayloadHandler[] handlers = new PayloadHandler[128];
  private PayloadHandler lastAudio;
  private boolean comfortNoiseSignalled; // an RFC 3389 CN packet came after the last audio
  private boolean paused;
  private long pausedSinceNanos;
  private boolean closed;
  private SocketAddress latched;
  private long lastAcceptedNanos;
  private boolean started;
  private long ssrc;
  private long expectedPosition = -1; // end of the audio placed so far on the timeline
  /**
   * Where the current run of converted audio began on the timeline; -1 between runs. A run is
   * what one resampler converts without a reset: from a stream's start, a pause, a gap or a
   * codec change to the next. The resampler's output lags its input by its filter's delay, so
   * converted audio is placed that much earlier ({@link #place}): sample n is position n. What
   * the filter computes for before the run's start (its history was silence) is dropped, and
   * its last samples are drained when the run ends ({@link #endRun}).
   */
  private long runStart = -1;
  /** Capture time of the end of the run's audio so far ({@code expectedPosition}). */
  private long runEndMillis;
  private boolean silent;
  private long lastTransit;
  private double jitter; // RFC 3550 A.8, in RTP clock units

  private volatile long packetsReceived;
  private volatile long packetsDecoded;
  private volatile long packetsPublished;
  private volatile long packetsWhilePaused;
  private volatile long packetsNonAudio;
  /** Drops counted here, by {@link PacketDrop#ordinal()}; the reorder buffer counts its own. */
  private final AtomicLongArray drops = new AtomicLongArray(PacketDrop.values().length);
  private volatile long receiveErrors;
  private volatile long ssrcChanges;
  private volatile long dtmfEvents;
  private volatile double jitterMillis;
  private volatile long samplesExpected;
  private volatile long samplesDecoded;
  private volatile long samplesConcealed;
  private volatile long samplesComfortNoise;
  private volatile long chunksPublished;
  private volatile long samplesPublished;
  private volatile long pausedNanos;
  private volatile long lastPacketNanos;
  /** Set by signalling threads when metadata arrives; read once per chunk. */
  private volatile StreamAttribution attribution = StreamAttribution.UNKNOWN;

  RtpStreamReceiver(RecordingSessionId sessionId, StreamLabel label, List<PayloadFormat> formats, Options options,
      AudioChunkSink sink, MediaEvents events, SrtpParameters srtp, long nowNanos) {
    this.sessionId = sessionId;
    this.label = label;
    this.outputRate = options.outputRate();
    this.sink = sink;
    this.events = events;
    this.dtmfBlanking = options.dtmfBlanking();
    this.srtp = srtp == null ? null : new SrtpReceiver(srtp);
    this.srtcp = srtp == null ? null : new SrtcpReceiver(srtp);
    this.reorder = new ReorderBuffer(options.reorderDepth());
    this.assembler = new ChunkAssembler(outputRate, options.chunkMillis(), MAX_CONCEAL_MILLIS, this::publish);
    this.dtmf = new DtmfReceiver();
    this.lastPacketNanos = nowNanos;
    reconfigure(formats);
  }

  /** Per-server media options. */
  record Options(int outputRate, int chunkMillis, int reorderDepth, boolean dtmfBlanking) {}

  /** A re-INVITE: new payload formats, and new SRTP keys (or none) when the SRC rekeyed. */
  void reconfigure(List<PayloadFormat> formats, SrtpParameters newSrtp) {
    reconfigure(formats);
    srtp = newSrtp == null ? null : new SrtpReceiver(newSrtp);
    srtcp = newSrtp == null ? null : new SrtcpReceiver(newSrtp);
  }

  private void reconfigure(List<PayloadFormat> formats) {
    PayloadHandler[] next = new PayloadHandler[128];
    for (PayloadFormat f : formats) {
      // Keep a decoder (and its state) when the same format stays under the same number.
      PayloadHandler old = handlers[f.payloadType()];
      next[f.payloadType()] = old != null && old.format.equals(f) ? old
          : new PayloadHandler(f, Decoders.forFormat(f).orElse(null), outputRate);
    }
    handlers = next;
  }

  void pause(long nowNanos) {
    if (!paused) {
      paused = true;
      pausedSinceNanos = nowNanos;
      reorder.flush(this);
      endRun();
      assembler.flush();
      expectedPosition = -1;
    }
  }

  void resume(long nowNanos) {
    if (paused) {
      paused = false;
      pausedNanos += nowNanos - pausedSinceNanos;
    }
  }

  void attribute(StreamAttribution newAttribution) {
    this.attribution = newAttribution;
  }

  /** Publishes the last chunk; afterwards every packet is ignored. */
  void finish(long nowNanos) {
    if (closed) {
      return;
    }
    reorder.flush(this);
    endRun();
    resume(nowNanos);
    closed = true;
    assembler.finish();
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
  final RtpReceiveLoop.Reader rtcpPort = new RtpReceiveLoop.Reader() {
    @Override
    public void onDatagram(ByteBuffer datagram, SocketAddress from, long nowNanos, long nowMillis, boolean truncated) {
      onRtcpDatagram(datagram, truncated);
    }

    @Override
    public void socketError(IOException e) {
      LOG.debug("session {} stream {}: RTCP receive failed", sessionId, label, e);
    }
  };

  @Override
  public void onDatagram(ByteBuffer datagram, SocketAddress from, long nowNanos, long nowMillis, boolean truncated) {
    packetsReceived++;
    if (closed) {
      drop(PacketDrop.INGRESS_AFTER_END);
      return;
    }
    if (truncated) {
      drop(PacketDrop.INGRESS_TRUNCATED);
      return;
    }
    if (RtpPacket.looksLikeRtcp(datagram)) {
      packetsNonAudio++; // RTCP multiplexed on the RTP port (RFC 5761)
      readRtcp(datagram);
      return;
    }
    if (srtp != null) {
      PacketDrop refused = srtp.unprotect(datagram);
      if (refused != null) {
        drop(refused);
        return;
      }
    }
    if (!packet.wrap(datagram)) {
      drop(PacketDrop.INGRESS_MALFORMED);
      return;
    }
    if (!from.equals(latched)) {
      if (latched != null && nowNanos - lastAcceptedNanos < RELATCH_AFTER_SILENCE_NANOS) {
        drop(PacketDrop.INGRESS_FOREIGN_SOURCE);
        return;
      }
      if (latched != null) {
        LOG.info("session {} stream {}: RTP source moved from {} to {}", sessionId, label, latched, from);
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
      packetsWhilePaused++;
      return;
    }
    PayloadHandler handler = handlers[packet.payloadType()];
    if (handler == null) {
      drop(PacketDrop.DEMUX_UNKNOWN_PAYLOAD_TYPE);
      return;
    }
    if (!started || packet.ssrc() != ssrc) {
      if (started) {
        ssrcChanges++;
        reorder.restart(this);
      }
      started = true;
      ssrc = packet.ssrc();
      lastTransit = 0;
    }
    updateJitter(handler.format.clockRate(), nowNanos);
    reorder.offer(packet, nowNanos, nowMillis, this); // counts what it drops itself
  }

  /** On the loop thread only: a plain read and a release write, no lock, nothing allocated. */
  private void drop(PacketDrop reason) {
    int i = reason.ordinal();
    drops.setRelease(i, drops.getPlain(i) + 1);
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
  public void released(ReorderBuffer.Slot p, int lostBefore) {
    PayloadHandler h = handlers[p.payloadType];
    if (h == null) {
      drop(PacketDrop.DEMUX_UNKNOWN_PAYLOAD_TYPE); // renegotiated away while the packet was held
      return;
    }
    AudioEncoding encoding = h.format.encoding();
    if (encoding == AudioEncoding.TELEPHONE_EVENT) {
      packetsNonAudio++;
      telephoneEvent(p, h);
    } else if (encoding == AudioEncoding.CN) {
      packetsNonAudio++;
      comfortNoise.levelFromDbov(p.length > 0 ? p.payload[0] & 0x7f : 127);
      comfortNoiseSignalled = true;
    } else if (h.decoder != null) {
      audio(p, h, lostBefore);
    } else {
      drop(PacketDrop.DEMUX_UNKNOWN_PAYLOAD_TYPE);
    }
  }

  private void audio(ReorderBuffer.Slot p, PayloadHandler h, int lostBefore) {
    Decoder decoder = h.decoder;
    int samples = decoder.samplesIn(p.length);
    if (samples < 0 || samples > MAX_NATIVE) {
      // an impossible length, or more audio than any real packet carries (120 ms at 48 kHz)
      drop(PacketDrop.DECODE_ERROR);
      return;
    }
    ByteBuffer payload = p.payloadView;
    Samples scratch = SAMPLES.get();
    short[] nativeSamples = scratch.nativeSamples;
    short[] outputSamples = scratch.outputSamples;
    long position = timeline.position(p.ssrc, p.timestamp, h.format.clockRate(), outputRate, p.arrivalNanos);
    if (expectedPosition >= 0 && position > expectedPosition
        && !fillHole(h, payload, p, position - expectedPosition, lostBefore, nativeSamples, outputSamples)) {
      endRun(); // a gap: the audio before it ends where it ends
    }
    if (lastAudio != h && lastAudio != null) {
      endRun(); // another codec: the old filter's history is not this audio's past
    }
    int n = decoder.decode(payload, 0, p.length, nativeSamples, 0);
    if (n < 0) {
      drop(PacketDrop.DECODE_ERROR);
      return;
    }
    packetsDecoded++;
    if (runStart < 0) {
      h.resampler.reset();
      runStart = position;
      assembler.shortenNextChunk(h.resampler.delaySamples()); // no chunk waits for the next packet
    }
    int out = h.resampler.process(nativeSamples, 0, n, outputSamples, 0);
    lastAudio = h;
    comfortNoiseSignalled = false;
    if (place(h.resampler, position, outputSamples, out, p.arrivalMillis)) {
      packetsPublished++;
      samplesDecoded += out;
      countExpected(position, out);
    } else {
      drop(PacketDrop.TIMELINE_LATE);
    }
    timeline.placed(position, position + out);
  }

  /**
   * Fills the timeline between the last audio and this packet: comfort noise when the SRC said
   * it would go quiet (DTX), the codec's concealment (or FEC) when packets were lost, nothing
   * when the hole is too long to pretend (the chunk boundary shows the gap).
   *
   * @return false if the hole was left open
   */
  private boolean fillHole(PayloadHandler h, ByteBuffer payload, ReorderBuffer.Slot p, long holeOut, int lostBefore,
      short[] nativeSamples, short[] outputSamples) {
    Decoder source = lastAudio != null ? lastAudio.decoder : h.decoder;
    Resampler resampler = lastAudio != null ? lastAudio.resampler : h.resampler;
    boolean dtx = comfortNoiseSignalled || source.inDiscontinuousTransmission();
    long limit = (dtx ? MAX_COMFORT_NOISE_MILLIS : MAX_CONCEAL_MILLIS) * outputRate / 1000;
    if (holeOut > limit || (!dtx && lostBefore == 0 && holeOut > outputRate / 50) || runStart < 0) {
      // Too long to fill, or a jump nobody lost packets for (the timeline re-anchored): a gap.
      return false;
    }
    long done = 0;
    int nativeRate = source.sampleRate();
    // The packet's arrival is when its last sample was captured; a piece of the hole ends earlier.
    int packetSamples = Math.max(0, h.decoder.samplesIn(p.length));
    long packetEnd = expectedPosition + holeOut + (long) packetSamples * outputRate / h.decoder.sampleRate();
    while (done < holeOut) {
      int wantOut = (int) Math.min(holeOut - done, outputSamples.length / 2);
      int wantNative = (int) Math.max(1, (long) wantOut * nativeRate / outputRate);
      wantNative = Math.min(wantNative, MAX_NATIVE);
      int got = 0;
      if (!dtx && done + wantOut >= holeOut && lostBefore > 0) {
        // The frame just before this packet may ride in it as FEC (Opus).
        got = h.decoder.recoverPrevious(payload, 0, p.length, nativeSamples, 0, wantNative);
      }
      if (got <= 0) {
        got = dtx && comfortNoiseSignalled ? comfortNoise.fill(nativeSamples, 0, wantNative)
            : source.conceal(nativeSamples, 0, wantNative);
      }
      int out = resampler.process(nativeSamples, 0, got, outputSamples, 0);
      out = (int) Math.min(out, holeOut - done);
      long pieceEnd = expectedPosition + done + out;
      place(resampler, expectedPosition + done, outputSamples, out,
          p.arrivalMillis - (packetEnd - pieceEnd) * 1000 / outputRate);
      if (dtx) {
        samplesComfortNoise += out;
      } else {
        samplesConcealed += out;
      }
      done += Math.max(out, 1);
    }
    countExpected(expectedPosition, (int) holeOut);
    return true;
  }

  /**
   * Places converted audio that belongs at {@code position}: {@code resampler}'s output lags by
   * its delay, so it goes that much earlier; samples before the run's start are dropped.
   *
   * @param endMillis capture time of position + count
   * @return false if every sample was late
   */
  private boolean place(Resampler resampler, long position, short[] samples, int count, long endMillis) {
    int delay = resampler.delaySamples();
    long at = position - delay;
    int skip = (int) Math.min(count, Math.max(0, runStart - at));
    if (position + count >= expectedPosition) {
      runEndMillis = endMillis;
    }
    if (skip == count) {
      return true; // only what precedes the run: its audio comes with the next conversion
    }
    return assembler.write(at + skip, samples, skip, count - skip, endMillis - delay * 1000L / outputRate);
  }

  /** Ends the run of converted audio: places what its resampler still holds, then resets it. */
  private void endRun() {
    if (runStart >= 0 && lastAudio != null && expectedPosition >= 0) {
      Resampler resampler = lastAudio.resampler;
      short[] outputSamples = SAMPLES.get().outputSamples;
      int n = resampler.drain(outputSamples, 0);
      long endMillis = runEndMillis;
      place(resampler, expectedPosition, outputSamples, n, endMillis + n * 1000L / outputRate);
      resampler.reset();
    }
    runStart = -1;
  }

  private void countExpected(long position, int samples) {
    long end = position + samples;
    if (expectedPosition < 0) {
      samplesExpected += samples;
    } else if (end > expectedPosition) {
      samplesExpected += end - Math.max(position, expectedPosition) + Math.max(0, position - expectedPosition);
    }
    expectedPosition = Math.max(expectedPosition, end);
  }

  private void telephoneEvent(ReorderBuffer.Slot p, PayloadHandler h) {
    DtmfReceiver.Tone tone = dtmf.packet(p.payload, p.length, p.timestamp, p.arrivalMillis, h.format.clockRate());
    if (dtmfBlanking && dtmf.active()) {
      long start = timeline.positionOf(dtmf.startTimestamp(), h.format.clockRate(), outputRate);
      assembler.blank(start, start + dtmf.durationSoFar() * (long) outputRate / h.format.clockRate() + outputRate / 50);
    }
    if (tone != null) {
      dtmfEvents++;
      long start = timeline.positionOf(tone.startTimestamp(), h.format.clockRate(), outputRate);
      events.dtmf(sessionId, label, new DtmfTone(tone.digit(), tone.startMillis(), start,
          tone.durationSamples() * 1000 / h.format.clockRate(), tone.volume()));
    }
  }

  @Override
  public void socketError(IOException e) {
    receiveErrors++;
    LOG.debug("session {} stream {}: receive failed", sessionId, label, e);
  }

  private void publish(long sequence, long startSample, short[] pcm, int count, long captureTimeMillis,
      boolean last) {
    long srcCaptureMillis = -1;
    if (lastAudio != null && started) {
      int clock = lastAudio.format.clockRate();
      srcCaptureMillis = rtcp.wallClockOf(ssrc, timeline.timestampAt(startSample, clock, outputRate), clock);
    }
    byte[] bytes = new byte[count * 2];
    for (int i = 0, j = 0; i < count; i++, j += 2) {
      short s = pcm[i];
      bytes[j] = (byte) s;
      bytes[j + 1] = (byte) (s >> 8);
    }
    sink.accept(new AudioChunk(sessionId, label, sequence, outputRate, startSample, captureTimeMillis, bytes, last,
        attribution, 1, AudioChunk.ChannelLayout.MONO, srcCaptureMillis));
    chunksPublished++;
    samplesPublished += count;
  }

  StreamStatistics statistics(long nowNanos) {
    long pausedMs = (pausedNanos + (paused ? nowNanos - pausedSinceNanos : 0)) / 1_000_000;
    long[] counts = new long[PacketDrop.values().length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = drops.getAcquire(i);
    }
    counts[PacketDrop.REORDER_LATE.ordinal()] = reorder.late();
    counts[PacketDrop.REORDER_DUPLICATE.ordinal()] = reorder.duplicates();
    counts[PacketDrop.REORDER_OVERSIZE.ordinal()] = reorder.oversize();
    return new StreamStatistics(packetsReceived, packetsDecoded, packetsPublished, reorder.lost(),
        reorder.reordered(), packetsWhilePaused, packetsNonAudio, PacketDrops.of(counts), receiveErrors,
        ssrcChanges, dtmfEvents, jitterMillis, outputRate, samplesExpected, samplesDecoded, samplesConcealed,
        samplesComfortNoise, chunksPublished, samplesPublished, pausedMs,
        rtcp.figures(lastAudio != null ? lastAudio.format.clockRate() : 8000));
  }
}
