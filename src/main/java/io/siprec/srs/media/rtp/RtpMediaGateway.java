package io.siprec.srs.media.rtp;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.MediaEndpoint;
import io.siprec.srs.session.MediaGateway;
import io.siprec.srs.session.MediaUnavailableException;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.StreamAttribution;
import io.siprec.srs.session.StreamStatistics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media engine: RTP ports from the configured range, a small fixed set of receive threads
 * (never a thread per stream), and one {@link RtpStreamReceiver} per recorded stream.
 */
@ApplicationScoped
public class RtpMediaGateway implements MediaGateway {
  private static final Logger LOG = LoggerFactory.getLogger(RtpMediaGateway.class);
  private static final long CONTROL_TIMEOUT_MS = 2000;

  private Settings settings;
  private AudioChunkSink sink;
  private RtpPortPool ports;
  private RtpReceiveLoop[] loops;
  private final AtomicInteger nextLoop = new AtomicInteger();
  private final AtomicInteger openEndpoints = new AtomicInteger();
  private String advertisedAddress;
  private int chunkMillis;

  protected RtpMediaGateway() {
    // for CDI proxies
  }

  @Inject
  public RtpMediaGateway(Settings settings, AudioChunkSink sink) {
    this.settings = settings;
    this.sink = sink;
  }

  public void start() {
    try {
      InetAddress bind = InetAddress.getByName(settings.get(Setting.MEDIA_ADDRESS));
      ports = new RtpPortPool(bind, settings.intValue(Setting.MEDIA_PORT_MIN), settings.intValue(Setting.MEDIA_PORT_MAX));
      advertisedAddress = settings.getOr(Setting.MEDIA_PUBLIC_ADDRESS, Setting.MEDIA_ADDRESS);
      chunkMillis = settings.intValue(Setting.AUDIO_CHUNK_MS);
      loops = new RtpReceiveLoop[settings.intValue(Setting.MEDIA_RECEIVE_THREADS)];
      for (int i = 0; i < loops.length; i++) {
        loops[i] = new RtpReceiveLoop("srs-rtp-" + i);
        loops[i].start();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start RTP reception", e);
    }
    LOG.info("RTP on {} ports {}-{} ({} stream slots), {} receive thread(s), SDP address {}",
        settings.get(Setting.MEDIA_ADDRESS), settings.get(Setting.MEDIA_PORT_MIN),
        settings.get(Setting.MEDIA_PORT_MAX), ports.capacity(), loops.length, advertisedAddress);
  }

  @PreDestroy
  public synchronized void stop() {
    if (loops != null) {
      for (RtpReceiveLoop loop : loops) {
        loop.stop();
      }
      loops = null;
    }
  }

  @Override
  public String advertisedAddress() {
    return advertisedAddress;
  }

  /** Streams receiving now. */
  public int openEndpoints() {
    return openEndpoints.get();
  }

  @Override
  public MediaEndpoint open(StreamSpec spec) throws MediaUnavailableException {
    DatagramChannel channel = ports.bind();
    int port = channel.socket().getLocalPort();
    RtpReceiveLoop loop = loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    RtpStreamReceiver receiver = new RtpStreamReceiver(
        spec.sessionId(), spec.request().label(), spec.request().formats(), chunkMillis, sink);
    Endpoint endpoint = new Endpoint(loop, channel, port, receiver);
    try {
      endpoint.key = call(loop, () -> loop.register(channel, receiver));
    } catch (RuntimeException e) {
      closeChannel(channel);
      ports.release(port);
      throw new MediaUnavailableException("cannot register RTP socket: " + e.getMessage(), e);
    }
    openEndpoints.incrementAndGet();
    return endpoint;
  }

  private final class Endpoint implements MediaEndpoint {
    private final RtpReceiveLoop loop;
    private final DatagramChannel channel;
    private final int port;
    private final RtpStreamReceiver receiver;
    private volatile SelectionKey key;
    private volatile StreamStatistics closedWith;

    Endpoint(RtpReceiveLoop loop, DatagramChannel channel, int port, RtpStreamReceiver receiver) {
      this.loop = loop;
      this.channel = channel;
      this.port = port;
      this.receiver = receiver;
    }

    @Override
    public int localPort() {
      return port;
    }

    @Override
    public void reconfigure(List<PayloadFormat> formats) {
      List<PayloadFormat> copy = List.copyOf(formats);
      loop.execute(() -> receiver.reconfigure(copy));
    }

    @Override
    public void attribute(StreamAttribution attribution) {
      receiver.attribute(attribution);
    }

    @Override
    public void pause() {
      loop.execute(receiver::pause);
    }

    @Override
    public void resume() {
      loop.execute(receiver::resume);
    }

    @Override
    public StreamStatistics statistics() {
      StreamStatistics done = closedWith;
      return done != null ? done : receiver.statistics();
    }

    @Override
    public synchronized StreamStatistics close() {
      if (closedWith != null) {
        return closedWith;
      }
      try {
        call(loop, () -> {
          receiver.finish();
          if (key != null) {
            key.cancel();
          }
          return null;
        });
      } catch (RuntimeException e) {
        LOG.warn("stream on port {} did not close cleanly: {}", port, e.getMessage());
      }
      closeChannel(channel);
      ports.release(port);
      openEndpoints.decrementAndGet();
      closedWith = receiver.statistics();
      return closedWith;
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
    loop.execute(() -> {
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
      throw new IllegalStateException("RTP receive thread did not answer in " + CONTROL_TIMEOUT_MS + " ms");
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
