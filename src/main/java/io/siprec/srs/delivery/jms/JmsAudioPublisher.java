package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publishes PCM chunks as non-persistent {@code BytesMessage}s. Real time first: when the broker
 * falls behind and the backlog is full, a chunk is dropped on the spot and counted, and the next
 * chunk of that stream that does get through says how many before it were dropped.
 *
 * <p>Every chunk of a stream carries the same {@code JMSXGroupID}, so one consumer receives a
 * stream in order; the stream's last chunk closes the group ({@code JMSXGroupSeq = -1}).
 */
@ApplicationScoped
public class JmsAudioPublisher implements AudioChunkSink {
  private Settings settings;
  private BrokerConnections connections;
  private Sender sender;
  /** Per stream group: chunks dropped since the last one delivered. */
  private final ConcurrentHashMap<String, Long> droppedByGroup = new ConcurrentHashMap<>();

  protected JmsAudioPublisher() {
    // for CDI proxies
  }

  @Inject
  public JmsAudioPublisher(Settings settings, BrokerConnections connections) {
    this.settings = settings;
    this.connections = connections;
  }

  public void start() {
    sender = new Sender(settings.intValue(Setting.JMS_AUDIO_BACKLOG));
    sender.startSending(connections.factory(), settings.get(Setting.JMS_AUDIO_QUEUE));
  }

  public void stop(Duration flushFor) {
    if (sender != null) {
      sender.stopSending(flushFor);
    }
  }

  @Override
  public void accept(AudioChunk chunk) {
    sender.enqueue(chunk);
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

  static String groupId(AudioChunk chunk) {
    return chunk.sessionId().value() + "/" + chunk.label().value();
  }

  private final class Sender extends QueuedJmsSender<AudioChunk> {
    Sender(int capacity) {
      super("srs-jms-audio", capacity, false, false);
    }

    @Override
    protected void overflow(AudioChunk chunk) {
      droppedByGroup.merge(groupId(chunk), 1L, Long::sum);
    }

    @Override
    protected Message toMessage(Session session, AudioChunk chunk) throws JMSException {
      BytesMessage m = session.createBytesMessage();
      m.writeBytes(chunk.pcm());
      String group = groupId(chunk);
      Long dropped = droppedByGroup.isEmpty() ? null : droppedByGroup.remove(group);
      m.setIntProperty(MessageProperties.SCHEMA, MessageProperties.SCHEMA_VERSION);
      m.setStringProperty(MessageProperties.SESSION_ID, chunk.sessionId().value());
      m.setStringProperty(MessageProperties.STREAM_LABEL, chunk.label().value());
      m.setLongProperty(MessageProperties.CHUNK_SEQUENCE, chunk.sequence());
      m.setIntProperty(MessageProperties.SAMPLE_RATE, chunk.sampleRate());
      m.setIntProperty(MessageProperties.SAMPLES, chunk.samples());
      m.setLongProperty(MessageProperties.START_SAMPLE, chunk.startSample());
      m.setLongProperty(MessageProperties.CAPTURE_TIME, chunk.captureTimeMillis());
      m.setStringProperty(MessageProperties.ENCODING, MessageProperties.PCM_S16LE);
      m.setBooleanProperty(MessageProperties.LAST_CHUNK, chunk.last());
      m.setLongProperty(MessageProperties.CHUNKS_DROPPED_BEFORE, dropped == null ? 0 : dropped);
      m.setStringProperty("JMSXGroupID", group);
      // JMSXGroupSeq counts from 1; -1 tells the broker the group is done.
      m.setIntProperty("JMSXGroupSeq", chunk.last() ? -1 : (int) Math.min(Integer.MAX_VALUE, chunk.sequence() + 1));
      return m;
    }
  }
}
