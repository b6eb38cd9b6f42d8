package io.siprec.srs.testsupport;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** A real JMS consumer of the server's audio and events queues, recording what it receives. */
public final class JmsProbe implements AutoCloseable {

  /** One audio chunk message as received. */
  public record Chunk(
      String sessionId,
      String label,
      long sequence,
      int sampleRate,
      long startSample,
      int samples,
      long captureTime,
      boolean last,
      long droppedBefore,
      String groupId,
      int groupSeq,
      String encoding,
      int schemaVersion,
      String participantId,
      String participantAor,
      String participantRole,
      byte[] pcm,
      long receivedAtMillis,
      int channels,
      String leftStreams,
      String rightStreams,
      long srcCaptureTime,
      String nodeId) {

    public short[] samplesArray() {
      short[] out = new short[pcm.length / 2];
      for (int i = 0; i < out.length; i++) {
        out[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
      }
      return out;
    }
  }

  /**
   * One event message as received. {@code messageId} is the JMSMessageID the server gave it: the
   * same again when the broker redelivers a message, a new one when the server sent it twice.
   * {@code nodeId} is the node that published it (srsNodeId).
   */
  public record Event(
      String type,
      String sessionId,
      JsonObject json,
      long receivedAtMillis,
      String messageId,
      String duplicateId,
      String nodeId) {}

  private final Connection connection;
  private final List<Chunk> chunks = new CopyOnWriteArrayList<>();
  private final List<Event> events = new CopyOnWriteArrayList<>();

  public JmsProbe(String url) {
    this(url, "srs.audio", "srs.events");
  }

  public JmsProbe(String url, String audioQueue, String eventsQueue) {
    this(url, null, null, audioQueue, eventsQueue);
  }

  /**
   * A consumer that logs in; with a URL that reconnects ({@code reconnectAttempts=-1}) it outlives
   * an outage.
   */
  public static JmsProbe loggedIn(String url, String user, String password) {
    return new JmsProbe(url, user, password, "srs.audio", "srs.events");
  }

  /** A consumer of a server's embedded broker, logged in as the server's consumer. */
  public static JmsProbe loggedIn(ConsumerLogin login) {
    return loggedIn(login, "srs.audio", "srs.events");
  }

  /** The same on other queues (routing rules). */
  public static JmsProbe loggedIn(ConsumerLogin login, String audioQueue, String eventsQueue) {
    return new JmsProbe(login.url(), login.user(), login.password(), audioQueue, eventsQueue);
  }

  private JmsProbe(
      String url, String user, String password, String audioQueue, String eventsQueue) {
    try {
      ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
      connection =
          user == null ? factory.createConnection() : factory.createConnection(user, password);
      Session audio = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      audio.createConsumer(audio.createQueue(audioQueue)).setMessageListener(this::onAudio);
      Session ev = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      ev.createConsumer(ev.createQueue(eventsQueue)).setMessageListener(this::onEvent);
      connection.start();
    } catch (JMSException e) {
      throw new IllegalStateException("cannot consume from " + url, e);
    }
  }

  private void onAudio(Message m) {
    try {
      BytesMessage b = (BytesMessage) m;
      byte[] pcm = new byte[(int) b.getBodyLength()];
      b.readBytes(pcm);
      chunks.add(
          new Chunk(
              m.getStringProperty("srsSessionId"),
              m.getStringProperty("srsStreamLabel"),
              m.getLongProperty("srsChunkSeq"),
              m.getIntProperty("srsSampleRate"),
              m.getLongProperty("srsStartSample"),
              m.getIntProperty("srsSamples"),
              m.getLongProperty("srsCaptureTime"),
              m.getBooleanProperty("srsLastChunk"),
              m.getLongProperty("srsChunksDroppedBefore"),
              m.getStringProperty("JMSXGroupID"),
              m.getIntProperty("JMSXGroupSeq"),
              m.getStringProperty("srsEncoding"),
              m.getIntProperty("srsSchemaVersion"),
              m.getStringProperty("srsParticipantId"),
              m.getStringProperty("srsParticipantAor"),
              m.getStringProperty("srsParticipantRole"),
              pcm,
              System.currentTimeMillis(),
              m.getIntProperty("srsChannels"),
              m.getStringProperty("srsLeftStreams"),
              m.getStringProperty("srsRightStreams"),
              m.propertyExists("srsSrcCaptureTime") ? m.getLongProperty("srsSrcCaptureTime") : -1,
              m.getStringProperty("srsNodeId")));
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  private void onEvent(Message m) {
    try {
      String text = ((TextMessage) m).getText();
      JsonObject json = Json.createReader(new StringReader(text)).readObject();
      events.add(
          new Event(
              m.getStringProperty("srsEventType"),
              m.getStringProperty("srsSessionId"),
              json,
              System.currentTimeMillis(),
              m.getJMSMessageID(),
              m.getStringProperty("_AMQ_DUPL_ID"),
              m.getStringProperty("srsNodeId")));
    } catch (JMSException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A point in the event stream: sessions started after it are the caller's. */
  public int mark() {
    return events.size();
  }

  /** The id of the first session started after {@code mark}. */
  public String awaitSessionStartedAfter(int mark, Duration timeout) {
    return awaitEvent(e -> e.type().equals("session.started") && events.indexOf(e) >= mark, timeout)
        .sessionId();
  }

  /** The session.started of the call whose INVITE carried this Call-ID. */
  public Event awaitSessionStartedOf(String callId, Duration timeout) {
    return awaitEvent(
        e ->
            e.type().equals("session.started")
                && e.json().containsKey("session")
                && callId.equals(e.json().getJsonObject("session").getString("callId", "")),
        timeout);
  }

  /** The events received from {@code mark} on, up to (not including) {@code event}. */
  public List<Event> eventsBetween(int mark, Event event) {
    List<Event> all = events();
    int end = all.indexOf(event);
    if (end < 0) {
      throw new IllegalArgumentException(
          "not an event of this probe: " + event.type() + "/" + event.sessionId());
    }
    return all.subList(Math.min(mark, end), end);
  }

  public Event awaitEvent(String sessionId, String type, Duration timeout) {
    return awaitEvent(e -> e.type().equals(type) && e.sessionId().equals(sessionId), timeout);
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public List<Event> events(String sessionId) {
    return events.stream().filter(e -> e.sessionId().equals(sessionId)).toList();
  }

  /** The chunks of one stream, in the order they arrived. */
  public List<Chunk> chunks(String sessionId, String label) {
    return chunks.stream()
        .filter(c -> c.sessionId().equals(sessionId) && c.label().equals(label))
        .toList();
  }

  public List<Chunk> chunks() {
    return List.copyOf(chunks);
  }

  public Event awaitEvent(Predicate<Event> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Event e : events) {
        if (wanted.test(e)) {
          return e;
        }
      }
      SrsServerProcess.sleep(50);
    }
    throw new AssertionError("no such event within " + timeout + "; received: " + describe(events));
  }

  public Event awaitEvent(String type, Duration timeout) {
    return awaitEvent(e -> e.type().equals(type), timeout);
  }

  /** Waits until every listed stream of the session has delivered at least {@code count} chunks. */
  public void awaitChunks(String sessionId, int count, Duration timeout, String... labels) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (String label : labels) {
        all &= chunks(sessionId, label).size() >= count;
      }
      if (all) {
        return;
      }
      SrsServerProcess.sleep(20);
    }
    List<Integer> got = new ArrayList<>();
    for (String label : labels) {
      got.add(chunks(sessionId, label).size());
    }
    throw new AssertionError(
        count
            + " chunks on each of streams "
            + List.of(labels)
            + " of "
            + sessionId
            + " not within "
            + timeout
            + "; got "
            + got);
  }

  /** Waits until every listed stream of the session has delivered its last chunk. */
  public void awaitLastChunks(String sessionId, Duration timeout, String... labels) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (String label : labels) {
        all &= chunks(sessionId, label).stream().anyMatch(Chunk::last);
      }
      if (all) {
        return;
      }
      SrsServerProcess.sleep(50);
    }
    throw new AssertionError("last chunks missing for " + List.of(labels) + " within " + timeout);
  }

  private static List<String> describe(List<Event> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(e.type() + "/" + e.sessionId()));
    return out;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (JMSException e) {
      // the broker may already be gone
    }
  }
}
