package io.siprec.srs.media.rtp;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.media.codec.Decoders;
import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.pipeline.Resampler;
import io.siprec.srs.pipeline.StereoMix;
import io.siprec.srs.pipeline.StreamPipeline;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.HeadroomGauge;
import io.siprec.srs.session.MediaEndpoint;
import io.siprec.srs.session.MediaEvents;
import io.siprec.srs.session.MediaFigures;
import io.siprec.srs.session.MediaGateway;
import io.siprec.srs.session.MediaTotals;
import io.siprec.srs.session.MediaUnavailableException;
import io.siprec.srs.session.PacketDrops;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.session.TimelineStart;
import io.siprec.srs.session.metadata.StreamAttribution;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media engine: RTP ports from the configured range, a small fixed set of receive threads
 * (never a thread per stream), and one {@link RtpIngress} per recorded stream. A housekeeping tick
 * once a second reports streams that went quiet without signalling.
 */
@ApplicationScoped
public class RtpMediaGateway implements MediaGateway, MediaFigures {
  private static final Logger LOG = LoggerFactory.getLogger(RtpMediaGateway.class);
  private static final long CONTROL_TIMEOUT_MS = 2000;

  private Settings settings;
  private AudioChunkSink sink;
  private MediaEvents events;
  private volatile RtpPortPool ports;
  private RtpReceiveLoop[] loops;
  private ScheduledExecutorService housekeeping;
  private final AtomicInteger nextLoop = new AtomicInteger();
  private final Set<Endpoint> open = ConcurrentHashMap.newKeySet();

  /** Per session, when the stereo mix is on: removed when its last stream closes. */
  private final ConcurrentHashMap<RecordingSessionId, StereoMix> mixes = new ConcurrentHashMap<>();

  private boolean stereoMix;
  private int mixWaitMillis;
  private String advertisedAddress;
  private StreamPipeline.Options options;
  private long silenceTimeoutNanos;

  /** Guards moving a stream from {@link #open} into the closed totals, so totals never go back. */
  private final Object totalsLock = new Object();

  private long closedPacketsReceived;
  private long closedPacketsPublished;
  private PacketDrops closedDrops = PacketDrops.NONE;
  private long closedPacketsLost;
  private long closedPacketsMalformed;
  private long closedDecodeErrors;
  private List<StageFigures> closedStages = List.of();
  private long streamsClosed;

  protected RtpMediaGateway() {
    // for CDI proxies
  }

  @Inject
  public RtpMediaGateway(Settings settings, AudioChunkSink sink, MediaEvents events) {
    this.settings = settings;
    this.sink = sink;
    this.events = events;
  }

  public synchronized void start() {
    try {
      InetAddress bind = InetAddress.getByName(settings.get(Setting.MEDIA_ADDRESS));
      ports =
          new RtpPortPool(
              bind,
              settings.intValue(Setting.MEDIA_PORT_MIN),
              settings.intValue(Setting.MEDIA_PORT_MAX));
      advertisedAddress = settings.getOr(Setting.MEDIA_PUBLIC_ADDRESS, Setting.MEDIA_ADDRESS);
      options =
          new StreamPipeline.Options(
              settings.intValue(Setting.AUDIO_SAMPLE_RATE),
              settings.intValue(Setting.AUDIO_CHUNK_MS),
              settings.intValue(Setting.MEDIA_REORDER_DEPTH),
              settings.booleanValue(Setting.MEDIA_DTMF_BLANKING));
      silenceTimeoutNanos = settings.intValue(Setting.MEDIA_SILENCE_TIMEOUT_MS) * 1_000_000L;
      stereoMix = settings.booleanValue(Setting.AUDIO_STEREO_MIX);
      mixWaitMillis = settings.intValue(Setting.AUDIO_MIX_WAIT_MS);
      loops = new RtpReceiveLoop[settings.intValue(Setting.MEDIA_RECEIVE_THREADS)];
      for (int i = 0; i < loops.length; i++) {
        loops[i] = new RtpReceiveLoop("srs-rtp-" + i);
        loops[i].start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start RTP reception", e);
    }
    housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-media-housekeeping");
              t.setDaemon(true);
              return t;
            });
    housekeeping.scheduleWithFixedDelay(this::checkSilence, 1, 1, TimeUnit.SECONDS);
    LOG.info(
        "RTP on {} ports {}-{} ({} stream slots), {} receive thread(s), PCM at {} Hz, SDP address {}",
        settings.get(Setting.MEDIA_ADDRESS),
        settings.get(Setting.MEDIA_PORT_MIN),
        settings.get(Setting.MEDIA_PORT_MAX),
        ports.capacity(),
        loops.length,
        options.outputRate(),
        advertisedAddress);
  }

  /**
   * Decodes one frame of every codec and brings it to the published rate, so that the first stream
   * of each codec does not pay for loading and linking its decoder on the receive thread.
   */
  public void warmUp() {
    short[] pcm = new short[2 * 960];
    ByteBuffer frame = ByteBuffer.allocate(160);
    for (AudioEncoding encoding : AudioEncoding.values()) {
      Optional<Decoder> decoder =
          Decoders.forFormat(new PayloadFormat(96, encoding, encoding.clockRate(), 1, ""));
      if (decoder.isPresent()) {
        int length = encoding == AudioEncoding.OPUS ? 3 : encoding == AudioEncoding.G729 ? 20 : 160;
        if (encoding == AudioEncoding.OPUS) {
          frame.put(0, (byte) 0xF8).put(1, (byte) 0xFF).put(2, (byte) 0xFE); // CELT 20 ms, silence
        }
        int n = decoder.get().decode(frame, 0, length, pcm, 0);
        Resampler resampler = new Resampler(decoder.get().sampleRate(), options.outputRate());
        resampler.process(pcm, 0, n, new short[resampler.maxOutput(n)], 0);
      }
    }
  }

  @PreDestroy
  public synchronized void stop() {
    if (housekeeping != null) {
      housekeeping.shutdownNow();
      housekeeping = null;
    }
    if (loops != null) {
      for (RtpReceiveLoop loop : loops) {
        loop.stop();
      }
      loops = null;
    }
  }

  /**
   * Headroom of the receive threads: the busiest one's share of time spent working, sampled once a
   * second; admission refuses new sessions at or above {@code limit}. Call after {@link #start}.
   */
  public synchronized HeadroomGauge receiveBusy(double limit) {
    List<LongSupplier> clocks = new ArrayList<>();
    for (RtpReceiveLoop loop : loops) {
      clocks.add(loop::busyNanos);
    }
    ReceiveBusyShare busy = new ReceiveBusyShare(clocks, System::nanoTime);
    housekeeping.scheduleAtFixedRate(busy::sample, 1, 1, TimeUnit.SECONDS);
    return HeadroomGauge.of("rtp-receive-busy", limit, busy::share);
  }

  @Override
  public String advertisedAddress() {
    return advertisedAddress;
  }

  /** Streams receiving now. */
  public int openEndpoints() {
    return open.size();
  }

  @Override
  public MediaTotals totals() {
    long now = System.nanoTime();
    synchronized (totalsLock) {
      long received = closedPacketsReceived;
      long published = closedPacketsPublished;
      PacketDrops drops = closedDrops;
      long lost = closedPacketsLost;
      long malformed = closedPacketsMalformed;
      long decodeErrors = closedDecodeErrors;
      List<StageFigures> stages = closedStages;
      int streams = 0;
      for (Endpoint e : open) {
        StreamStatistics s = e.statistics(now);
        received += s.packetsReceived();
        published += s.packetsPublished();
        drops = drops.plus(s.drops());
        lost += s.packetsLost();
        malformed += s.packetsMalformed();
        decodeErrors += s.decodeErrors();
        stages = StageFigures.sum(stages, s.stages());
        streams++;
      }
      return new MediaTotals(
          received,
          published,
          lost,
          malformed,
          decodeErrors,
          drops,
          streamsClosed,
          streams,
          streamCapacity(),
          stages);
    }
  }

  /** Streams the configured port range can hold at once (one even/odd port pair each). */
  public int streamCapacity() {
    RtpPortPool pool = ports;
    return pool == null ? 0 : pool.capacity();
  }

  @Override
  public MediaEndpoint open(StreamSpec spec) throws MediaUnavailableException {
    RtpPortPool.Pair sockets = ports.bind();
    DatagramChannel channel = sockets.rtp();
    DatagramChannel rtcpChannel = sockets.rtcp();
    int port = sockets.port();
    RtpReceiveLoop loop = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    StreamRequest request = spec.request();
    StereoMix mix =
        stereoMix
            ? mixes.computeIfAbsent(
                spec.sessionId(),
                id ->
                    new StereoMix(
                        id,
                        options.outputRate(),
                        options.chunkMillis(),
                        mixWaitMillis,
                        System.currentTimeMillis(),
                        sink))
            : null;
    int lane = request.mediaIndex();
    // A stream added back under a label it had goes on with that label's chunk numbers and
    // timeline (TimelineStart); the mix has its own timeline and takes the chunks as made.
    ContinuedSink published = new ContinuedSink(sink, spec.start());
    AudioChunkSink streamSink =
        mix == null ? published : new AudioChunkSinkToMix(mix, lane, published);
    RtpIngress receiver =
        new RtpIngress(
            spec.sessionId(),
            request.label(),
            request.formats(),
            options,
            streamSink,
            events,
            request.srtp(),
            System.nanoTime());
    Endpoint endpoint =
        new Endpoint(loop, channel, rtcpChannel, port, receiver, spec.sessionId(), mix, lane);
    endpoint.published = published;
    try {
      call(
          loop,
          () -> {
            endpoint.key = loop.register(channel, receiver);
            endpoint.rtcpKey = loop.register(rtcpChannel, receiver.rtcpPort);
            return null;
          });
    } catch (RuntimeException e) {
      closeChannel(channel);
      closeChannel(rtcpChannel);
      ports.release(port);
      throw new MediaUnavailableException("cannot register RTP socket: " + e.getMessage(), e);
    }
    if (mix != null) {
      mix.open(lane);
    }
    open.add(endpoint);
    return endpoint;
  }

  /** Sessions whose stereo mix is running. */
  public int activeMixes() {
    return mixes.size();
  }

  /** A stream's chunks go out (to {@code out}) and into its session's mix. */
  private static final class AudioChunkSinkToMix implements AudioChunkSink {
    private final StereoMix mix;
    private final int lane;
    private final AudioChunkSink out;

    AudioChunkSinkToMix(StereoMix mix, int lane, AudioChunkSink out) {
      this.mix = mix;
      this.lane = lane;
      this.out = out;
    }

    @Override
    public void accept(AudioChunk chunk) {
      out.accept(chunk);
      mix.accept(lane, chunk);
    }
  }

  /**
   * A stream's chunks as published: numbered and placed from its {@link TimelineStart}, and where
   * they stopped kept for the next stream under the same label.
   */
  static final class ContinuedSink implements AudioChunkSink {
    private final AudioChunkSink out;
    private final TimelineStart start;
    private volatile long nextSequence;
    private volatile long endSample;
    private volatile int sampleRate;

    ContinuedSink(AudioChunkSink out, TimelineStart start) {
      this.out = out;
      this.start = start;
      this.nextSequence = start.firstSequence();
      this.endSample = start.firstSample();
    }

    @Override
    public void accept(AudioChunk c) {
      AudioChunk moved =
          start.equals(TimelineStart.ZERO)
              ? c
              : new AudioChunk(
                  c.sessionId(),
                  c.label(),
                  c.sequence() + start.firstSequence(),
                  c.sampleRate(),
                  c.startSample() + start.firstSample(),
                  c.captureTimeMillis(),
                  c.pcm(),
                  c.last(),
                  c.attribution(),
                  c.channels(),
                  c.layout(),
                  c.srcCaptureTimeMillis());
      nextSequence = moved.sequence() + 1;
      endSample = Math.max(endSample, moved.startSample() + moved.samples());
      sampleRate = moved.sampleRate();
      out.accept(moved);
    }

    TimelineStart end() {
      return new TimelineStart(nextSequence, endSample);
    }

    int sampleRate() {
      return sampleRate;
    }
  }

  private void checkSilence() {
    long now = System.nanoTime();
    for (Endpoint e : open) {
      e.loop.execute(() -> e.receiver.checkSilence(now, silenceTimeoutNanos));
    }
  }

  private final class Endpoint implements MediaEndpoint {
    private final RtpReceiveLoop loop;
    private final DatagramChannel channel;
    private final DatagramChannel rtcpChannel;
    private final int port;
    private final RtpIngress receiver;
    private volatile SelectionKey key;
    private volatile SelectionKey rtcpKey;
    private volatile StreamStatistics closedWith;
    private volatile ContinuedSink published;

    private final RecordingSessionId sessionId;
    private final StereoMix mix;
    private final int lane;

    Endpoint(
        RtpReceiveLoop loop,
        DatagramChannel channel,
        DatagramChannel rtcpChannel,
        int port,
        RtpIngress receiver,
        RecordingSessionId sessionId,
        StereoMix mix,
        int lane) {
      this.loop = loop;
      this.channel = channel;
      this.rtcpChannel = rtcpChannel;
      this.port = port;
      this.receiver = receiver;
      this.sessionId = sessionId;
      this.mix = mix;
      this.lane = lane;
    }

    @Override
    public TimelineStart end() {
      ContinuedSink p = published;
      return p == null ? TimelineStart.ZERO : p.end();
    }

    @Override
    public int timelineRate() {
      ContinuedSink p = published;
      return p == null || p.sampleRate() == 0 ? options.outputRate() : p.sampleRate();
    }

    @Override
    public int localPort() {
      return port;
    }

    @Override
    public void reconfigure(StreamRequest request) {
      loop.execute(() -> receiver.reconfigure(request.formats(), request.srtp()));
    }

    @Override
    public void attribute(StreamAttribution attribution) {
      receiver.attribute(attribution);
    }

    @Override
    public void pause() {
      long now = System.nanoTime();
      loop.execute(() -> receiver.pause(now));
    }

    @Override
    public void resume() {
      long now = System.nanoTime();
      loop.execute(() -> receiver.resume(now));
    }

    @Override
    public StreamStatistics statistics() {
      return statistics(System.nanoTime());
    }

    StreamStatistics statistics(long nowNanos) {
      StreamStatistics done = closedWith;
      return done != null ? done : receiver.statistics(nowNanos);
    }

    @Override
    public Duration quietFor() {
      return Duration.ofNanos(Math.max(0, System.nanoTime() - receiver.lastPacketNanos()));
    }

    @Override
    public synchronized StreamStatistics close() {
      if (closedWith != null) {
        return closedWith;
      }
      try {
        call(
            loop,
            () -> {
              receiver.finish(System.nanoTime());
              if (key != null) {
                key.cancel();
              }
              if (rtcpKey != null) {
                rtcpKey.cancel();
              }
              return null;
            });
      } catch (RuntimeException e) {
        LOG.warn("stream on port {} did not close cleanly: {}", port, e.getMessage());
      }
      closeChannel(channel);
      closeChannel(rtcpChannel);
      ports.release(port);
      if (mix != null) {
        mix.close(lane); // after the stream's last chunk: the mix's last one follows
        if (mix.isClosed()) {
          mixes.remove(sessionId, mix);
        }
      }
      StreamStatistics last = receiver.statistics(System.nanoTime());
      closedWith = last;
      synchronized (totalsLock) {
        open.remove(this);
        closedPacketsReceived += last.packetsReceived();
        closedPacketsPublished += last.packetsPublished();
        closedDrops = closedDrops.plus(last.drops());
        closedPacketsLost += last.packetsLost();
        closedPacketsMalformed += last.packetsMalformed();
        closedDecodeErrors += last.decodeErrors();
        closedStages = StageFigures.sum(closedStages, last.stages());
        streamsClosed++;
      }
      return last;
    }
  }

  /** Runs on the loop thread and waits for the result; directly when already there. */
  private static <T> T call(RtpReceiveLoop loop, LoopCall<T> task) {
    if (loop.inLoop()) {
      try {
        return task.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            result.complete(task.run());
          } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
    try {
      return result.get(CONTROL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "RTP receive thread did not answer in " + CONTROL_TIMEOUT_MS + " ms");
    }
  }

  private interface LoopCall<T> {
    T run() throws IOException;
  }

  private static void closeChannel(DatagramChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing RTP socket", e);
    }
  }
}
