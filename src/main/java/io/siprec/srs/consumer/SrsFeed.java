package io.siprec.srs.consumer;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SRS's JMS feed for an ASR engine, as the contract in docs/events.md describes it: ordered PCM
 * of every stream, every hole in it said out loud, and who speaks on which stream.
 *
 * <p>One class over the Jakarta JMS API (any JMS 3 client: the Artemis one is what the SRS's broker
 * speaks) and Jakarta JSON. Use:
 *
 * <pre>{@code
 * ConnectionFactory cf = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
 *     "tcp://srs-host:61616?reconnectAttempts=-1");
 * try (SrsFeed feed = SrsFeed.open(cf, "srs-consumer", password,
 *     SrsFeed.DEFAULT_AUDIO_QUEUE, SrsFeed.DEFAULT_EVENTS_QUEUE, listener)) {
 *   ... // the listener is called on the JMS client's threads
 * }
 * }</pre>
 *
 * <p>The SRS's embedded broker wants a login: user {@code srs.broker.consumer-user} (default {@code
 * srs-consumer}) with {@code srs.broker.consumer-password} or, when that is not set, the password
 * the SRS made in {@code <runtime dir>/broker-consumer-password}.
 *
 * <p>Per stream, {@link Listener#audio} receives the chunks in order (the broker gives one stream's
 * group to one consumer) and, before a chunk that does not follow the previous one, {@link
 * Listener#gap} with where and why: chunks the SRS had to drop before they reached the broker (a
 * slow or absent broker), or a stretch the SRS published nothing for (a pause or hold, or media
 * that stopped for longer than concealment covers: the session's events say which). A consumer that
 * places audio at {@link Audio#startSample} and fills gaps with silence reproduces the stream's
 * timeline exactly, as the SRS's own archive does.
 *
 * <p>Several consumers may share the queues: each stream still goes whole to one of them.
 */
public final class SrsFeed implements AutoCloseable {
  /** Made once: Json.createReader looks the provider up through the class path on every call. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  public static final String DEFAULT_AUDIO_QUEUE = "srs.audio";
  public static final String DEFAULT_EVENTS_QUEUE = "srs.events";

  /** One stream of one recording session ({@code label} {@code mix} is the stereo mix). */
  public record StreamKey(String sessionId, String label) {}

  /** Who is heard on a stream, as of a chunk (several, comma-joined, on a mixed stream). */
  public record Speaker(String participantId, String aor, String name, String role) {}

  /**
   * One chunk of a stream.
   *
   * @param samples interleaved 16-bit samples ({@code channels} per frame)
   * @param startSample timeline position of the first frame (0 = the stream's first sample)
   * @param captureTimeMillis arrival-based wall-clock time of the first frame, epoch ms
   * @param srcCaptureTimeMillis the SRC's clock for it (RTCP), or -1 when not known
   * @param last the stream's final chunk (it may hold no samples)
   */
  public record Audio(
      StreamKey stream,
      long sequence,
      int sampleRate,
      int channels,
      long startSample,
      short[] samples,
      long captureTimeMillis,
      long srcCaptureTimeMillis,
      Speaker speaker,
      boolean last) {

    /** Frames in this chunk. */
    public int frames() {
      return samples.length / channels;
    }
  }

  /** Why a stream's audio does not continue where the previous chunk ended. */
  public enum GapCause {
    /** The SRS dropped chunks before the broker took them ({@link Gap#chunksDropped} of them). */
    DROPPED,
    /** The SRS published nothing there: a pause, a hold, or media that stopped for a while. */
    NOTHING_PUBLISHED
  }

  /** A hole in a stream's timeline, told before the chunk that follows it. */
  public record Gap(
      StreamKey stream, long fromSample, long frames, GapCause cause, long chunksDropped) {}

  /** What {@code session.started} says: the SRC, the participants, and who sends each stream. */
  public record SessionInfo(
      String sessionId,
      String srcVendor,
      List<Participant> participants,
      Map<String, List<String>> sendersByLabel,
      JsonObject json) {}

  public record Participant(String id, String aor, String name, String role) {}

  /** Called on the JMS client's threads. Implementations must be thread-safe across streams. */
  public interface Listener {
    void audio(Audio audio);

    default void gap(Gap gap) {}

    default void sessionStarted(SessionInfo session) {}

    /** Any event, {@code session.started} and {@code session.ended} included, as its JSON. */
    default void event(String type, String sessionId, JsonObject json) {}

    default void sessionEnded(String sessionId, JsonObject json) {}
  }

  /** Where each stream's audio should continue, and its next chunk number. */
  private record Next(long startSample, long sequence) {}

  private final Connection connection;
  private final Listener listener;
  private final Map<StreamKey, Next> next = new ConcurrentHashMap<>();

  private SrsFeed(Connection connection, Listener listener) {
    this.connection = connection;
    this.listener = listener;
  }

  /** Connects as {@code user} and starts delivering. */
  public static SrsFeed open(
      ConnectionFactory factory,
      String user,
      String password,
      String audioQueue,
      String eventsQueue,
      Listener listener)
      throws JMSException {
    return start(factory.createConnection(user, password), audioQueue, eventsQueue, listener);
  }

  /**
   * Connects with the factory's own login (none, or one in its URL or constructor) and starts
   * delivering.
   */
  public static SrsFeed open(
      ConnectionFactory factory, String audioQueue, String eventsQueue, Listener listener)
      throws JMSException {
    return start(factory.createConnection(), audioQueue, eventsQueue, listener);
  }

  private static SrsFeed start(
      Connection connection, String audioQueue, String eventsQueue, Listener listener)
      throws JMSException {
    SrsFeed feed = new SrsFeed(connection, listener);
    try {
      Session audio = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      audio.createConsumer(audio.createQueue(audioQueue)).setMessageListener(feed::onAudio);
      Session events = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
      events.createConsumer(events.createQueue(eventsQueue)).setMessageListener(feed::onEvent);
      connection.start();
      return feed;
    } catch (JMSException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Streams whose last chunk has not arrived yet. */
  public int openStreams() {
    return next.size();
  }

  private void onAudio(Message m) {
    try {
      BytesMessage b = (BytesMessage) m;
      byte[] pcm = new byte[(int) b.getBodyLength()];
      b.readBytes(pcm);
      short[] samples = new short[pcm.length / 2];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
      }
      StreamKey key =
          new StreamKey(m.getStringProperty("srsSessionId"), m.getStringProperty("srsStreamLabel"));
      int channels = m.propertyExists("srsChannels") ? m.getIntProperty("srsChannels") : 1;
      Audio audio =
          new Audio(
              key,
              m.getLongProperty("srsChunkSeq"),
              m.getIntProperty("srsSampleRate"),
              channels,
              m.getLongProperty("srsStartSample"),
              samples,
              m.getLongProperty("srsCaptureTime"),
              m.propertyExists("srsSrcCaptureTime") ? m.getLongProperty("srsSrcCaptureTime") : -1,
              new Speaker(
                  text(m, "srsParticipantId"),
                  text(m, "srsParticipantAor"),
                  text(m, "srsParticipantName"),
                  text(m, "srsParticipantRole")),
              m.getBooleanProperty("srsLastChunk"));
      long dropped = m.getLongProperty("srsChunksDroppedBefore");
      Next expected = next.get(key);
      long from = expected == null ? 0 : expected.startSample();
      long sequence = expected == null ? 0 : expected.sequence();
      long missingChunks = Math.max(dropped, audio.sequence() - sequence);
      if (audio.startSample() > from || missingChunks > 0) {
        listener.gap(
            new Gap(
                key,
                from,
                Math.max(0, audio.startSample() - from),
                missingChunks > 0 ? GapCause.DROPPED : GapCause.NOTHING_PUBLISHED,
                missingChunks));
      }
      if (audio.last()) {
        next.remove(key);
      } else {
        next.put(
            key,
            new Next(Math.max(from, audio.startSample() + audio.frames()), audio.sequence() + 1));
      }
      listener.audio(audio);
    } catch (JMSException | RuntimeException e) {
      throw new IllegalStateException("unreadable audio message", e);
    }
  }

  private void onEvent(Message m) {
    try {
      String text = ((TextMessage) m).getText();
      JsonObject json = READERS.createReader(new StringReader(text)).readObject();
      String type = json.getString("type");
      String id = json.getString("sessionId");
      listener.event(type, id, json);
      if (type.equals("session.started")) {
        listener.sessionStarted(sessionInfo(json));
      } else if (type.equals("session.ended")) {
        listener.sessionEnded(id, json);
      }
    } catch (JMSException | RuntimeException e) {
      throw new IllegalStateException("unreadable event message", e);
    }
  }

  static SessionInfo sessionInfo(JsonObject event) {
    JsonObject session = event.getJsonObject("session");
    List<Participant> participants = new ArrayList<>();
    Map<String, List<String>> senders = new LinkedHashMap<>();
    JsonObject metadata = session.get("metadata") instanceof JsonObject o ? o : null;
    if (metadata != null) {
      for (JsonValue v : metadata.getJsonArray("participants")) {
        JsonObject p = v.asJsonObject();
        participants.add(
            new Participant(
                p.getString("id", ""),
                p.getString("aor", ""),
                p.getString("name", ""),
                p.getString("role", "unknown")));
      }
    }
    for (JsonValue v : session.getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      List<String> ids = new ArrayList<>();
      if (s.get("participants") instanceof JsonArray heard) {
        for (JsonValue p : heard) {
          ids.add(p.asJsonObject().getString("id", ""));
        }
      }
      senders.put(s.getString("label"), List.copyOf(ids));
    }
    return new SessionInfo(
        event.getString("sessionId"),
        session.getString("srcVendor", ""),
        List.copyOf(participants),
        Collections.unmodifiableMap(senders),
        event);
  }

  private static String text(Message m, String property) throws JMSException {
    String v = m.getStringProperty(property);
    return v == null ? "" : v;
  }

  @Override
  public void close() throws JMSException {
    connection.close();
  }
}
