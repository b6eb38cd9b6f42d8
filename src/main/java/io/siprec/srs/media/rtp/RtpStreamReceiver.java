package io.siprec.srs.media.rtp;

import io.siprec.srs.media.codec.Decoder;
import io.siprec.srs.media.codec.Decoders;
import io.siprec.srs.pipeline.ChunkAssembler;
import io.siprec.srs.pipeline.StreamTimeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamAttribution;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamStatistics;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that happens to one stream's packets: validate, latch the source, pick the decoder
 * by payload type, place on the timeline, decode, and cut into chunks for the audio sink.
 *
 * <p>Confined to one receive loop thread. Counters are volatile so that other threads may read
 * them; only the loop thread writes them.
 *
 * <p>Source latching: the first valid RTP packet fixes the source address. Packets from any other
 * source are dropped and counted, unless the latched source has been silent for a second: then
 * the stream re-latches to the new source (an SBC fail-over moves the media to a new address).
 */
final class RtpStreamReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(RtpStreamReceiver.class);
  private static final long RELATCH_AFTER_SILENCE_NANOS = 1_000_000_000L;
  /** Short losses are filled with silence up to this; longer holes become visible gaps. */
  private static final long MAX_CONCEAL_MILLIS = 1000;

  private final RecordingSessionId sessionId;
  private final StreamLabel label;
  private final int chunkMillis;
  private final AudioChunkSink sink;
  private final RtpPacket packet = new RtpPacket();
  private final StreamTimeline timeline = new StreamTimeline();
  private final short[] samples = new short[8 * RtpReceiveLoop.BUFFER_BYTES];

  private PayloadHandler[] handlers = new PayloadHandler[128];
  private ChunkAssembler assembler;
  private boolean paused;
  private boolean closed;
  private SocketAddress latched;
  private long lastAcceptedNanos;

  private volatile long packetsReceived;
  private volatile long packetsDecoded;
  private volatile long packetsMalformed;
  private volatile long packetsUnknownPayload;
  private volatile long packetsWhilePaused;
  private volatile long packetsLate;
  private volatile long packetsForeignSource;
  private volatile long packetsNonAudio;
  private volatile long chunksPublished;
  private volatile long samplesPublished;
  private volatile long samplesConcealed;
  private volatile int sampleRate;
  /** Set by signalling threads when metadata arrives; read once per chunk. */
  private volatile StreamAttribution attribution = StreamAttribution.UNKNOWN;

  /** What to do with one payload type. */
  private record PayloadHandler(PayloadFormat format, Decoder decoder) {}

  RtpStreamReceiver(RecordingSessionId sessionId, StreamLabel label, List<PayloadFormat> formats, int chunkMillis,
      AudioChunkSink sink) {
    this.sessionId = sessionId;
    this.label = label;
    this.chunkMillis = chunkMillis;
    this.sink = sink;
    reconfigure(formats);
  }

  void reconfigure(List<PayloadFormat> formats) {
    PayloadHandler[] next = new PayloadHandler[128];
    for (PayloadFormat f : formats) {
      next[f.payloadType()] = new PayloadHandler(f, Decoders.forFormat(f).orElse(null));
    }
    handlers = next;
  }

  void pause() {
    if (!paused) {
      paused = true;
      if (assembler != null) {
        assembler.flush();
        samplesConcealed = assembler.concealedSamples();
      }
    }
  }

  void resume() {
    paused = false;
  }

  void attribute(StreamAttribution newAttribution) {
    this.attribution = newAttribution;
  }

  /** Publishes the last chunk; afterwards every packet is ignored. */
  void finish() {
    if (closed) {
      return;
    }
    closed = true;
    if (assembler != null) {
      assembler.finish();
      samplesConcealed = assembler.concealedSamples();
    }
  }

  void onDatagram(ByteBuffer datagram, SocketAddress from, long nowNanos, long nowMillis, boolean truncated) {
    packetsReceived++;
    if (closed) {
      return;
    }
    if (truncated || !packet.wrap(datagram)) {
      packetsMalformed++;
      return;
    }
    if (RtpPacket.looksLikeRtcp(datagram)) {
      packetsNonAudio++; // RTCP multiplexed on the RTP port (RFC 5761): not audio
      return;
    }
    if (!from.equals(latched)) {
      if (latched != null && nowNanos - lastAcceptedNanos < RELATCH_AFTER_SILENCE_NANOS) {
        packetsForeignSource++;
        return;
      }
      if (latched != null) {
        LOG.info("session {} stream {}: RTP source moved from {} to {}", sessionId, label, latched, from);
      }
      latched = from;
    }
    lastAcceptedNanos = nowNanos;
    if (paused) {
      packetsWhilePaused++;
      return;
    }
    PayloadHandler handler = handlers[packet.payloadType()];
    if (handler == null) {
      packetsUnknownPayload++;
      return;
    }
    Decoder decoder = handler.decoder();
    if (decoder == null) {
      packetsNonAudio++; // telephone-event, comfort noise: read by later stages
      return;
    }
    int count = decoder.samplesIn(packet.payloadLength());
    if (count <= 0 || count > samples.length) {
      packetsMalformed++;
      return;
    }
    if (assembler == null) {
      assembler = new ChunkAssembler(decoder.sampleRate(), chunkMillis, MAX_CONCEAL_MILLIS, this::publish);
      sampleRate = decoder.sampleRate();
    } else if (decoder.sampleRate() != assembler.sampleRate()) {
      packetsUnknownPayload++; // a mid-call switch to another output rate needs the resampler
      return;
    }
    long position = timeline.place(packet.ssrc(), packet.timestamp(), handler.format().clockRate(),
        decoder.sampleRate(), count, nowNanos);
    decoder.decode(packet.buffer(), packet.payloadOffset(), packet.payloadLength(), samples, 0);
    if (assembler.write(position, samples, 0, count, nowMillis)) {
      packetsDecoded++;
    } else {
      packetsLate++;
    }
    samplesConcealed = assembler.concealedSamples();
  }

  void socketError(IOException e) {
    packetsMalformed++;
    LOG.debug("session {} stream {}: receive failed", sessionId, label, e);
  }

  private void publish(long sequence, long startSample, short[] pcm, int count, long captureTimeMillis,
      boolean last) {
    byte[] bytes = new byte[count * 2];
    for (int i = 0, j = 0; i < count; i++, j += 2) {
      short s = pcm[i];
      bytes[j] = (byte) s;
      bytes[j + 1] = (byte) (s >> 8);
    }
    sink.accept(new AudioChunk(sessionId, label, sequence, sampleRate, startSample, captureTimeMillis, bytes, last,
        attribution));
    chunksPublished++;
    samplesPublished += count;
  }

  StreamStatistics statistics() {
    return new StreamStatistics(packetsReceived, packetsDecoded, packetsMalformed, packetsUnknownPayload,
        packetsWhilePaused, packetsLate, packetsForeignSource, samplesConcealed, chunksPublished, samplesPublished,
        sampleRate);
  }
}
