package io.siprec.srs.delivery.jms;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.AudioFeedFigures;
import io.siprec.srs.session.HeadroomGauge;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.metadata.StreamAttribution;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes PCM chunks as non-persistent {@code BytesMessage}s. Real time first: a chunk that
 * cannot go now is dropped and counted, and the next chunk of that stream that does get through
 * says how many before it were dropped. A chunk is dropped when the broker falls behind and the
 * backlog is full, while there is no connection to the broker, and when the connection breaks
 * before the broker confirmed it. (Dropped chunks keep their sequence numbers, so the hole is
 * visible there too.) A stream's last chunk is kept across an outage and sent once reconnected: it
 * closes the stream's group and reports the drops just before it.
 *
 * <p>Every chunk of a stream carries the same {@code JMSXGroupID}, so one consumer receives a
 * stream in order; the stream's last chunk closes the group ({@code JMSXGroupSeq = -1}).
 */
@ApplicationScoped
@Typed(JmsAudioPublisher.class) // reached through DeliveryChannels, with the archive
public class JmsAudioPublisher implements AudioChunkSink, AudioFeedFigures {
  public static final String LATENCY_METER = "srs.jms.chunk.latency";

  /** Why a chunk was dropped: every drop is counted under exactly one. */
  public enum Drop {
    /** The backlog had no room: the broker fell behind. */
    BACKLOG_FULL,
    /** It waited while there was no connection to the broker. */
    NO_BROKER,
    /** Its send could not be made: the connection or its session was gone. */
    SEND_FAILED,
    /** Handed to a connection that broke, or refused by the broker, before it was confirmed. */
    NOT_CONFIRMED,
    /** Its message could not be built. */
    UNBUILDABLE,
    /** It waited for the broker longer than srs.jms.audio-max-age-ms: too late for real time. */
    TOO_LATE
  }

  /** Sessions whose drops are remembered; drops are rare, so this bounds memory, not a busy day. */
  private static final int MAX_SESSIONS_WITH_DROPS = 10_000;

  private Settings settings;
  private BrokerConnections connections;
  private SessionRegistry sessions;
  private Routes routes;

  /** Per stream group, the queue its first chunk was routed to. Sender thread only. */
  private final HashMap<String, String> queueByGroup = new HashMap<>();

  private Timer latency;

  /** Chunks dropped per session (backlog full or send failed); only sessions that lost some. */
  private final Map<RecordingSessionId, Long> droppedBySession =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordingSessionId, Long> eldest) {
          return size() > MAX_SESSIONS_WITH_DROPS;
        }
      };

  private Sender sender;

  /** Per stream group: chunks dropped since the last one queued (backlog full). */
  private final ConcurrentHashMap<String, Long> overflowedByGroup = new ConcurrentHashMap<>();

  /** Per stream group: chunks the sender dropped since the last one sent. Sender thread only. */
  private final HashMap<String, Long> failedByGroup = new HashMap<>();

  /** A chunk waiting for the broker, with the drops it is to report. */
  private static final class Queued {
    final AudioChunk chunk;

    /** Chunks of its stream that overflowed the backlog just before it. */
    final long overflowedBefore;

    /**
     * Drops by the sender that this chunk took over to report when its message was built (sender
     * thread only): if the chunk is lost as well, they pass on to the next one with it.
     */
    long droppedBySender;

    /** When the chunk was complete (handed to {@link #accept}), for the latency meter. */
    final long completedNanos;

    Queued(AudioChunk chunk, long overflowedBefore, long completedNanos) {
      this.chunk = chunk;
      this.overflowedBefore = overflowedBefore;
      this.completedNanos = completedNanos;
    }

    AudioChunk chunk() {
      return chunk;
    }
  }

  private String nodeId;

  protected JmsAudioPublisher() {
    // for CDI proxies
  }

  /** Without a session registry, routes see only what the chunks carry: for tests. */
  public JmsAudioPublisher(Settings settings, BrokerConnections connections, MeterRegistry meters) {
    this(settings, connections, meters, null);
  }

  @Inject
  public JmsAudioPublisher(
      Settings settings,
      BrokerConnections connections,
      MeterRegistry meters,
      SessionRegistry sessions) {
    this.settings = settings;
    this.connections = connections;
    this.sessions = sessions;
    this.latency =
        Timer.builder(LATENCY_METER)
            .description("Time from a chunk's completion to its JMS send")
            .serviceLevelObjectives(
                millis(1),
                millis(2),
                millis(5),
                millis(10),
                millis(20),
                millis(50),
                millis(100),
                millis(200),
                millis(500),
                millis(1000),
                millis(2000),
                millis(5000))
            .register(meters);
  }

  private static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }

  public void start() {
    routes =
        Routes.parse(settings.get(Setting.JMS_AUDIO_ROUTES), settings.get(Setting.JMS_AUDIO_QUEUE));
    nodeId = NodeSettings.nodeId(settings).value();
    sender =
        new Sender(
            settings.intValue(Setting.JMS_AUDIO_BACKLOG),
            TimeUnit.MILLISECONDS.toNanos(settings.intValue(Setting.JMS_AUDIO_MAX_AGE_MS)));
    sender.startSending(connections.factory(), settings.get(Setting.JMS_AUDIO_QUEUE));
  }

  @PreDestroy
  void stopQuietly() {
    stop(Duration.ZERO);
  }

  public void stop(Duration flushFor) {
    if (sender != null) {
      sender.stopSending(flushFor);
    }
  }

  @Override
  public void accept(AudioChunk chunk) {
    // The drop count goes with the next chunk queued after the drops, not the next one sent:
    // chunks queued before the overflow still go out first.
    long before = 0;
    if (!overflowedByGroup.isEmpty()) {
      Long pending = overflowedByGroup.remove(groupId(chunk));
      before = pending == null ? 0 : pending;
    }
    if (!sender.enqueue(new Queued(chunk, before, System.nanoTime())) && before > 0) {
      overflowedByGroup.merge(groupId(chunk), before, Long::sum);
    }
  }

  @Override
  public long published() {
    return sender == null ? 0 : sender.sentCount();
  }

  @Override
  public long dropped() {
    return sender == null ? 0 : sender.overflowCount() + sender.failedCount();
  }

  /** Chunks dropped for this reason; the reasons add up to {@link #dropped()}. */
  public long dropped(Drop why) {
    Sender s = sender;
    if (s == null) {
      return 0;
    }
    return switch (why) {
      case BACKLOG_FULL -> s.overflowCount();
      case NO_BROKER -> s.failedCount(QueuedJmsSender.Loss.NO_BROKER);
      case SEND_FAILED -> s.failedCount(QueuedJmsSender.Loss.SEND_FAILED);
      case NOT_CONFIRMED -> s.failedCount(QueuedJmsSender.Loss.NOT_CONFIRMED);
      case UNBUILDABLE -> s.failedCount(QueuedJmsSender.Loss.UNBUILDABLE);
      case TOO_LATE -> s.failedCount(QueuedJmsSender.Loss.TOO_LATE);
    };
  }

  @Override
  public Map<String, Long> droppedByReason() {
    Map<String, Long> byReason = new LinkedHashMap<>();
    for (Drop why : Drop.values()) {
      byReason.put(why.name(), dropped(why));
    }
    return byReason;
  }

  /** Times the connection to the broker was lost and made again. */
  public long reconnects() {
    return sender == null ? 0 : sender.reconnectCount();
  }

  @Override
  public int backlog() {
    return sender == null ? 0 : sender.backlog();
  }

  @Override
  public boolean isConnected() {
    return sender != null && sender.isConnected();
  }

  @Override
  public boolean isBuffering() {
    return sender != null && sender.backlog() < settings.intValue(Setting.JMS_AUDIO_BACKLOG);
  }

  /**
   * Headroom of the feed: the share of the audio backlog in use while the broker is connected, so a
   * broker that falls behind stops new sessions before chunks overflow. While the broker is down
   * the gauge reads 0: the recordings go on to the archive, and a broker outage is an alarm
   * (/health BROKER_DOWN), not a reason to refuse calls.
   */
  public HeadroomGauge backlogInUse(double limit) {
    int capacity = settings.intValue(Setting.JMS_AUDIO_BACKLOG);
    return HeadroomGauge.of(
        "audio-backlog", limit, () -> isConnected() ? backlog() / (double) capacity : 0);
  }

  @Override
  public double oldestWaitingSeconds() {
    return oldestWaitingNanos() / 1e9;
  }

  private long oldestWaitingNanos() {
    Queued oldest = sender == null ? null : sender.oldest();
    return oldest == null ? 0 : Math.max(0, System.nanoTime() - oldest.completedNanos);
  }

  /**
   * Headroom of the feed by age: how long the oldest chunk has waited for a connected broker, as a
   * share of {@code budget} (limit 1.0). A broker that is slow but not yet behind by count (a short
   * backlog of old chunks) stops new sessions before the calls up lose their real time. While the
   * broker is down it reads 0, as {@link #backlogInUse} does.
   */
  public HeadroomGauge oldestChunkAge(Duration budget) {
    long budgetNanos = budget.toNanos();
    return HeadroomGauge.of(
        "audio-chunk-age",
        1.0,
        () -> isConnected() ? oldestWaitingNanos() / (double) budgetNanos : 0);
  }

  /** From completion to send, over every chunk sent. */
  public Timer chunkLatency() {
    return latency;
  }

  @Override
  public double chunkLatencyMeanMillis() {
    return latency.mean(TimeUnit.MILLISECONDS);
  }

  @Override
  public double chunkLatencyMaxMillis() {
    return latency.max(TimeUnit.MILLISECONDS);
  }

  @Override
  public long dropped(RecordingSessionId session) {
    synchronized (droppedBySession) {
      return droppedBySession.getOrDefault(session, 0L);
    }
  }

  private void countDrop(AudioChunk chunk) {
    synchronized (droppedBySession) {
      droppedBySession.merge(chunk.sessionId(), 1L, Long::sum);
    }
  }

  private Routes.Facts facts(AudioChunk chunk) {
    String vendor = "";
    String src = "";
    if (sessions != null) {
      var session = sessions.find(chunk.sessionId());
      if (session.isPresent()) {
        vendor = session.get().srcVendor();
        src = hostOf(session.get().srcAddress());
      }
    }
    List<String> aors = chunk.attribution().senders().stream().map(p -> p.aor()).toList();
    return new Routes.Facts(
        vendor, src, aors, chunk.attribution().roleName(), chunk.label().value());
  }

  /** "10.0.0.5:5060/udp" to "10.0.0.5", "[2001:db8::5]:5060/udp" to "2001:db8::5". */
  static String hostOf(String srcAddress) {
    int slash = srcAddress.indexOf('/');
    String hostPort = slash < 0 ? srcAddress : srcAddress.substring(0, slash);
    int bracket = hostPort.indexOf(']');
    if (hostPort.startsWith("[") && bracket > 0) {
      return hostPort.substring(1, bracket);
    }
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  static String groupId(AudioChunk chunk) {
    return chunk.sessionId().value() + "/" + chunk.label().value();
  }

  private final class Sender extends QueuedJmsSender<Queued> {
    /** 0: no deadline. */
    private final long maxAgeNanos;

    Sender(int capacity, long maxAgeNanos) {
      super(
          new Options("srs-jms-audio", capacity),
          new RealTimeDelivery<>(item -> item.chunk().last()));
      this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * Every queue bounded by age, not only by count: a chunk that waited past its deadline is
     * dropped and reported as a gap by the next one, so a late broker costs old audio, never the
     * latency of what follows. A stream's last chunk always goes (it closes the group).
     */
    @Override
    protected boolean tooLate(Queued item) {
      return maxAgeNanos > 0
          && !item.chunk().last()
          && System.nanoTime() - item.completedNanos > maxAgeNanos;
    }

    @Override
    protected void overflow(Queued item) {
      overflowedByGroup.merge(groupId(item.chunk()), 1L, Long::sum);
      countDrop(item.chunk());
    }

    @Override
    protected void sendFailed(Queued item, Loss why) {
      // The chunk and the drops it was to report are now reported by the next one.
      failedByGroup.merge(
          groupId(item.chunk()), 1 + item.overflowedBefore + item.droppedBySender, Long::sum);
      countDrop(item.chunk());
    }

    @Override
    protected String queueOf(Queued item) {
      if (routes.isTrivial()) {
        return super.queueOf(item);
      }
      // Decided once per stream: a JMS group must stay on one queue to stay in order.
      String group = groupId(item.chunk());
      String queue = queueByGroup.computeIfAbsent(group, g -> routes.queueFor(facts(item.chunk())));
      if (item.chunk().last()) {
        queueByGroup.remove(group);
      }
      return queue;
    }

    @Override
    protected void sent(Queued item) {
      latency.record(System.nanoTime() - item.completedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected Message toMessage(Session session, Queued item) throws JMSException {
      AudioChunk chunk = item.chunk();
      BytesMessage m = session.createBytesMessage();
      m.writeBytes(chunk.pcm());
      String group = groupId(chunk);
      Long failed = failedByGroup.isEmpty() ? null : failedByGroup.remove(group);
      if (failed != null) {
        item.droppedBySender += failed; // a kept last chunk may be built more than once
      }
      long dropped = item.overflowedBefore + item.droppedBySender;
      m.setIntProperty(MessageProperties.SCHEMA, MessageProperties.SCHEMA_VERSION);
      m.setStringProperty(MessageProperties.SESSION_ID, chunk.sessionId().value());
      m.setStringProperty(MessageProperties.NODE_ID, nodeId);
      m.setStringProperty(MessageProperties.STREAM_LABEL, chunk.label().value());
      m.setLongProperty(MessageProperties.CHUNK_SEQUENCE, chunk.sequence());
      m.setIntProperty(MessageProperties.SAMPLE_RATE, chunk.sampleRate());
      m.setIntProperty(MessageProperties.SAMPLES, chunk.samples());
      m.setLongProperty(MessageProperties.START_SAMPLE, chunk.startSample());
      m.setLongProperty(MessageProperties.CAPTURE_TIME, chunk.captureTimeMillis());
      m.setStringProperty(MessageProperties.ENCODING, MessageProperties.PCM_S16LE);
      m.setIntProperty(MessageProperties.CHANNELS, chunk.channels());
      if (chunk.srcCaptureTimeMillis() >= 0) {
        m.setLongProperty(MessageProperties.SRC_CAPTURE_TIME, chunk.srcCaptureTimeMillis());
      }
      if (chunk.channels() == 2) {
        m.setStringProperty(MessageProperties.LEFT_STREAMS, chunk.layout().left());
        m.setStringProperty(MessageProperties.RIGHT_STREAMS, chunk.layout().right());
      }
      m.setBooleanProperty(MessageProperties.LAST_CHUNK, chunk.last());
      m.setLongProperty(MessageProperties.CHUNKS_DROPPED_BEFORE, dropped);
      StreamAttribution who = chunk.attribution();
      m.setStringProperty(MessageProperties.PARTICIPANT_ID, who.participantIds());
      m.setStringProperty(MessageProperties.PARTICIPANT_AOR, who.participantAors());
      m.setStringProperty(MessageProperties.PARTICIPANT_NAME, who.participantNames());
      m.setStringProperty(MessageProperties.PARTICIPANT_ROLE, who.roleName());
      m.setStringProperty("JMSXGroupID", group);
      if (chunk.last()) {
        // The last chunk may be sent again after an outage: the broker drops a second copy. Its
        // number is in the id: a stream removed by a re-INVITE and added back later under the same
        // label ends its group a second time, with a later number, and that last chunk must pass.
        m.setStringProperty(MessageProperties.DUPLICATE_ID, group + "/last/" + chunk.sequence());
      }
      // JMSXGroupSeq counts from 1; -1 tells the broker the group is done.
      m.setIntProperty(
          "JMSXGroupSeq",
          chunk.last() ? -1 : (int) Math.min(Integer.MAX_VALUE, chunk.sequence() + 1));
      return m;
    }
  }
}
