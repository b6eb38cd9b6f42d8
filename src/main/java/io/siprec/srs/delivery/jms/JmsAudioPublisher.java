package io.siprec.srs.delivery.jms;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamAttribution;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes PCM chunks as non-persistent {@code BytesMessage}s. Real time first: when the broker
 * falls behind and the backlog is full, a chunk is dropped on the spot and counted, and the next
 * chunk of that stream that does get through says how many before it were dropped. (Dropped
 * chunks keep their sequence numbers, so the hole is visible there too.)
 *
 * <p>Every chunk of a stream carries the same {@code JMSXGroupID}, so one consumer receives a
 * stream in order; the stream's last chunk closes the group ({@code JMSXGroupSeq = -1}).
 *
 * <p>Measures {@value #LATENCY_METER}: from the moment a chunk is complete (handed to
 * {@link #accept}) to the moment the broker has it, which is what a real-time consumer waits on top
 * of the chunk's own length.
 */
@ApplicationScoped
@Typed(JmsAudioPublisher.class) // reached through DeliveryChannels, with the archive
public class JmsAudioPublisher implements AudioChunkSink {
  public static final String LATENCY_METER = "srs.jms.chunk.latency";
  /** Sessions whose drops are remembered; drops are rare, so this bounds memory, not a busy day. */
  private static final int MAX_SESSIONS_WITH_DROPS = 10_000;

  private Settings settings;
  private BrokerConnections connections;
  private Timer latency;
  private Sender sender;
  /** Chunks dropped per session (backlog full or send failed); only sessions that lost some. */
  private final Map<RecordingSessionId, Long> droppedBySession = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<RecordingSessionId, Long> eldest) {
      return size() > MAX_SESSIONS_WITH_DROPS;
    }
  };
  /** Per stream group: chunks dropped since the last one queued (backlog full). */
  private final ConcurrentHashMap<String, Long> overflowedByGroup = new ConcurrentHashMap<>();
  /** Per stream group: chunks lost since the last one sent (send failed). Sender thread only. */
  private final java.util.HashMap<String, Long> failedByGroup = new java.util.HashMap<>();

  /** A chunk waiting for the broker, with the drops just before it and when it was complete. */
  private record Queued(AudioChunk chunk, long overflowedBefore, long completedNanos) {}

  protected JmsAudioPublisher() {
    // for CDI proxies
  }

  @Inject
  public JmsAudioPublisher(Settings settings, BrokerConnections connections, MeterRegistry meters) {
    this.settings = settings;
    this.connections = connections;
    this.latency = Timer.builder(LATENCY_METER)
        .description("Time from a chunk's completion to its JMS send")
        .serviceLevelObjectives(millis(1), millis(2), millis(5), millis(10), millis(20), millis(50), millis(100),
            millis(200), millis(500), millis(1000), millis(2000), millis(5000))
        .register(meters);
  }

  private static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }

  public void start() {
    sender = new Sender(settings.intValue(Setting.JMS_AUDIO_BACKLOG));
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

  public long published() {
    return sender == null ? 0 : sender.sentCount();
  }

  /** Chunks dropped because the backlog was full, plus chunks whose send failed. */
  public long dropped() {
    return sender == null ? 0 : sender.overflowCount() + sender.failedCount();
  }

  public int backlog() {
    return sender == null ? 0 : sender.backlog();
  }

  public boolean isConnected() {
    return sender != null && sender.isConnected();
  }

  /** Chunks can still wait for the broker: its backlog has room. */
  public boolean isBuffering() {
    return sender != null && sender.backlog() < settings.intValue(Setting.JMS_AUDIO_BACKLOG);
  }

  /** From completion to send, over every chunk sent. */
  public Timer chunkLatency() {
    return latency;
  }

  /** Chunks of this session that were dropped (backlog full or send failed). */
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

  static String groupId(AudioChunk chunk) {
    return chunk.sessionId().value() + "/" + chunk.label().value();
  }

  private final class Sender extends QueuedJmsSender<Queued> {
    Sender(int capacity) {
      super("srs-jms-audio", capacity, false, false);
    }

    @Override
    protected void overflow(Queued item) {
      overflowedByGroup.merge(groupId(item.chunk()), 1L, Long::sum);
      countDrop(item.chunk());
    }

    @Override
    protected void sendFailed(Queued item) {
      failedByGroup.merge(groupId(item.chunk()), 1L, Long::sum);
      countDrop(item.chunk());
    }

    @Override
    protected void sent(Queued item) {
      latency.record(System.nanoTime() - item.completedNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    protected Message toMessage(Session session, Queued item) throws JMSException {
      AudioChunk chunk = item.chunk();
      BytesMessage m = session.createBytesMessage();
      m.writeBytes(chunk.pcm());
      String group = groupId(chunk);
      Long failed = failedByGroup.isEmpty() ? null : failedByGroup.remove(group);
      long dropped = item.overflowedBefore() + (failed == null ? 0 : failed);
      m.setIntProperty(MessageProperties.SCHEMA, MessageProperties.SCHEMA_VERSION);
      m.setStringProperty(MessageProperties.SESSION_ID, chunk.sessionId().value());
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
      // JMSXGroupSeq counts from 1; -1 tells the broker the group is done.
      m.setIntProperty("JMSXGroupSeq", chunk.last() ? -1 : (int) Math.min(Integer.MAX_VALUE, chunk.sequence() + 1));
      return m;
    }
  }
}
