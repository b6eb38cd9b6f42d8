package io.siprec.srs.bench.load;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The consumer side of a load run, in a process of its own: drains the SRS's audio and event queues
 * over TCP as a speech-recognition consumer would, and measures.
 *
 * <ul>
 *   <li>Per chunk, when it was received and where its audio ends in the stream ({@code
 *       chunk-arrivals.csv}): the report puts this next to the generator's send grid to get the
 *       latency from the packet that completed the chunk to the consumer.
 *   <li>Per chunk, also the SRS's own view: receive time - (srsCaptureTime + chunk duration), kept
 *       as a histogram of 1 ms buckets per second of the run. srsCaptureTime is stamped when the
 *       receive thread handles the packet, so this leaves out any time the packet waited in the
 *       socket before that; a receive thread that falls behind and catches up in bursts makes it
 *       come out short, even negative. Last chunks (cut at BYE) are counted apart.
 *   <li>Per stream: chunks, samples, drops the SRS announced ({@code srsChunksDroppedBefore}),
 *       sequence holes, and when the first chunk came.
 *   <li>Per session: its call-id ({@code session.started}) and each stream's statistics ({@code
 *       session.ended}).
 * </ul>
 *
 * <p>Ends when the expected sessions have ended and their streams' last chunks are in (or at the
 * time limit), and writes its figures to the output directory.
 */
public final class LoadConsumer {
  /** Latency buckets: 1 ms each, from -OFFSET ms. */
  private static final int OFFSET = 100;

  private static final int BUCKETS = OFFSET + 20_000;

  /** Figures of session.ended per stream; "drops.x" is one key of its "drops" object. */
  private static final String[] STATISTICS = {
    "packetsReceived",
    "packetsDecoded",
    "packetsPublished",
    "packetsDropped",
    "packetsLost",
    "packetsLate",
    "packetsDuplicate",
    "packetsReordered",
    "packetsMalformed",
    "packetsUnknownPayload",
    "packetsForeignSource",
    "packetsNonAudio",
    "packetsWhilePaused",
    "decodeErrors",
    "receiveErrors",
    "samplesExpected",
    "samplesDecoded",
    "samplesConcealed",
    "samplesComfortNoise",
    "chunksPublished",
    "samplesPublished",
    "drops.ingress.truncated",
    "drops.ingress.malformed",
    "drops.ingress.srtp-authentication",
    "drops.ingress.foreign-source",
    "drops.ingress.after-end",
    "drops.reorder.late",
    "drops.reorder.duplicate",
    "drops.reorder.oversize",
    "drops.demux.unknown-payload-type",
    "drops.decode.error",
    "drops.timeline.late"
  };

  private static final class StreamFigures {
    long chunks;
    long samples;
    long droppedBefore;
    long sequenceHoles;
    long nextSequence;
    long firstReceivedMillis = -1;
    long firstCaptureMillis = -1;
    boolean lastSeen;

    /**
     * Per chunk (last chunks excluded): end of its audio in ms of stream time, and receive time.
     */
    long[] endMs = new long[64];

    long[] receivedMillis = new long[64];
    int arrivals;

    void arrival(long end, long received) {
      if (arrivals == endMs.length) {
        endMs = Arrays.copyOf(endMs, arrivals * 2);
        receivedMillis = Arrays.copyOf(receivedMillis, arrivals * 2);
      }
      endMs[arrivals] = end;
      receivedMillis[arrivals++] = received;
    }
  }

  /**
   * The receive time of a chunk the server dropped (announced by the next one's
   * srsChunksDroppedBefore).
   */
  static final long MISSED = -1;

  private static final long MAX_MISSED_PER_CHUNK = 100_000;

  /** Samples of audio (last chunks excluded) received per second of the consumer's clock. */
  private final Map<Long, LongAdder> deliveredBySecond = new ConcurrentHashMap<>();

  private final long startedMillis = System.currentTimeMillis();
  private final Map<Long, int[]> latencyBySecond = new ConcurrentHashMap<>();
  private final Map<String, StreamFigures> streams = new ConcurrentHashMap<>();
  private final Map<String, String> callIdBySession = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> endedBySession = new ConcurrentHashMap<>();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final AtomicLong chunks = new AtomicLong();
  private final AtomicLong lastChunks = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile long lastAudioMillis = System.currentTimeMillis();

  /** Sessions whose SIP Call-ID starts with this are the warm-up's: drained, not counted. */
  private String warmUpPrefix = "warm-";

  public static void main(String[] args) throws Exception {
    Map<String, String> a = Args.parse(args);
    int sessions = Integer.parseInt(a.get("sessions"));
    long maxMillis = Long.parseLong(a.getOrDefault("max-seconds", "300")) * 1000;
    Path out = Path.of(a.get("out"));
    LoadConsumer consumer = new LoadConsumer();
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(a.get("url"));
    // The SRS's embedded broker wants its consumer login: --user, and the password's file (the one
    // the server made in its runtime directory), so the password stays out of the process list.
    Connection connection =
        a.containsKey("user")
            ? factory.createConnection(
                a.get("user"), Files.readString(Path.of(a.get("password-file"))).strip())
            : factory.createConnection();
    Session audio = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
    audio
        .createConsumer(audio.createQueue(a.getOrDefault("audio-queue", "srs.audio")))
        .setMessageListener(consumer::onAudio);
    Session events = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    events
        .createConsumer(events.createQueue(a.getOrDefault("events-queue", "srs.events")))
        .setMessageListener(consumer::onEvent);
    connection.start();
    Files.createDirectories(out);
    Files.writeString(out.resolve("consumer.ready"), "ready\n");
    long deadline = consumer.startedMillis + maxMillis;
    while (System.currentTimeMillis() < deadline) {
      if (consumer.ended.get() >= sessions
          && consumer.allLastChunksIn()
          && System.currentTimeMillis() - consumer.lastAudioMillis > 1000) {
        break;
      }
      Thread.sleep(200);
    }
    connection.close();
    factory.close();
    consumer.write(out, sessions);
    System.exit(0);
  }

  private boolean isWarmUp(String sessionId) {
    return callIdBySession.getOrDefault(sessionId, "").startsWith(warmUpPrefix);
  }

  private boolean allLastChunksIn() {
    for (StreamFigures s : streams.values()) {
      synchronized (s) {
        if (!s.lastSeen) {
          return false;
        }
      }
    }
    return true;
  }

  private void onAudio(Message m) {
    long now = System.currentTimeMillis();
    lastAudioMillis = now;
    try {
      long capture = m.getLongProperty("srsCaptureTime");
      int samples = m.getIntProperty("srsSamples");
      int rate = m.getIntProperty("srsSampleRate");
      boolean last = m.getBooleanProperty("srsLastChunk");
      long sequence = m.getLongProperty("srsChunkSeq");
      long dropped = m.getLongProperty("srsChunksDroppedBefore");
      long startSample = m.getLongProperty("srsStartSample");
      String group = m.getStringProperty("JMSXGroupID");
      bytes.addAndGet(((BytesMessage) m).getBodyLength());
      chunks.incrementAndGet();
      if (last) {
        lastChunks.incrementAndGet();
      } else if (samples > 0) {
        long latency = now - (capture + samples * 1000L / rate);
        int bucket = (int) Math.max(0, Math.min(BUCKETS - 1, latency + OFFSET));
        int[] h =
            latencyBySecond.computeIfAbsent((now - startedMillis) / 1000, k -> new int[BUCKETS]);
        synchronized (h) {
          h[bucket]++;
        }
      }
      StreamFigures s = streams.computeIfAbsent(group, g -> new StreamFigures());
      synchronized (s) {
        if (s.chunks == 0) {
          s.firstReceivedMillis = now;
          s.firstCaptureMillis = capture;
        }
        if (sequence != s.nextSequence) {
          s.sequenceHoles += Math.abs(sequence - s.nextSequence);
        }
        s.nextSequence = sequence + 1;
        s.chunks++;
        s.samples += samples;
        s.droppedBefore += dropped;
        s.lastSeen |= last;
        if (!last && samples > 0) {
          s.arrival((startSample + samples) * 1000 / rate, now);
          // The chunks the server dropped just before this one: missed, ending where this one
          // starts and a chunk apart before it; the report counts them in the percentiles.
          for (long k = 0; k < Math.min(dropped, MAX_MISSED_PER_CHUNK); k++) {
            s.arrival((startSample - k * samples) * 1000 / rate, MISSED);
          }
          deliveredBySecond.computeIfAbsent(now / 1000, k -> new LongAdder()).add(samples);
        }
      }
    } catch (JMSException | RuntimeException e) {
      errors.incrementAndGet();
    }
  }

  private void onEvent(Message m) {
    try {
      String type = m.getStringProperty("srsEventType");
      String sessionId = m.getStringProperty("srsSessionId");
      if ("session.started".equals(type)) {
        JsonObject json = parse(((TextMessage) m).getText());
        String callId = json.getJsonObject("session").getString("callId", "");
        callIdBySession.put(sessionId, callId);
        if (!callId.startsWith(warmUpPrefix)) {
          started.incrementAndGet();
        }
      } else if ("session.ended".equals(type)) {
        JsonObject json = parse(((TextMessage) m).getText());
        JsonObject session = json.getJsonObject("session");
        if (!session.getString("callId", "").startsWith(warmUpPrefix)) {
          endedBySession.put(sessionId, session);
          ended.incrementAndGet();
        }
      }
    } catch (JMSException | RuntimeException e) {
      errors.incrementAndGet();
    }
  }

  private static JsonObject parse(String text) {
    try (JsonReader r = Json.createReader(new StringReader(text))) {
      return r.readObject();
    }
  }

  private void write(Path out, int expected) throws IOException {
    Map<String, Long> totals = new TreeMap<>();
    try (PrintWriter w =
        new PrintWriter(Files.newBufferedWriter(out.resolve("ended-streams.csv")))) {
      w.println("sessionId,callId,label," + String.join(",", STATISTICS));
      for (Map.Entry<String, JsonObject> e : endedBySession.entrySet()) {
        for (JsonValue v : e.getValue().getJsonArray("streams")) {
          JsonObject stream = v.asJsonObject();
          JsonObject st = stream.getJsonObject("statistics");
          StringBuilder line =
              new StringBuilder(e.getKey())
                  .append(',')
                  .append(callIdBySession.getOrDefault(e.getKey(), ""))
                  .append(',')
                  .append(stream.getString("label"));
          for (String name : STATISTICS) {
            JsonNumber n =
                name.startsWith("drops.")
                    ? st.getJsonObject("drops").getJsonNumber(name.substring(6))
                    : st.getJsonNumber(name);
            long value = n == null ? 0 : n.longValue();
            totals.merge(name, value, Long::sum);
            line.append(',').append(value);
          }
          w.println(line);
        }
      }
    }
    try (PrintWriter w =
        new PrintWriter(Files.newBufferedWriter(out.resolve("consumer-streams.csv")))) {
      w.println(
          "sessionId,callId,label,chunks,samples,droppedBefore,sequenceHoles,firstReceivedMillis,"
              + "firstCaptureMillis,lastSeen");
      for (Map.Entry<String, StreamFigures> e : streams.entrySet()) {
        String[] group = e.getKey().split("/", 2);
        StreamFigures s = e.getValue();
        if (isWarmUp(group[0])) {
          continue;
        }
        w.printf(
            "%s,%s,%s,%d,%d,%d,%d,%d,%d,%b%n",
            group[0],
            callIdBySession.getOrDefault(group[0], ""),
            group.length > 1 ? group[1] : "",
            s.chunks,
            s.samples,
            s.droppedBefore,
            s.sequenceHoles,
            s.firstReceivedMillis,
            s.firstCaptureMillis,
            s.lastSeen);
      }
    }
    try (PrintWriter w =
        new PrintWriter(Files.newBufferedWriter(out.resolve("chunk-arrivals.csv")))) {
      w.println("callId,label,chunkEndMs,receivedMillis (-1: dropped by the server, missed)");
      for (Map.Entry<String, StreamFigures> e : streams.entrySet()) {
        String[] group = e.getKey().split("/", 2);
        if (isWarmUp(group[0])) {
          continue;
        }
        StreamFigures s = e.getValue();
        String key =
            callIdBySession.getOrDefault(group[0], "") + "," + (group.length > 1 ? group[1] : "");
        for (int i = 0; i < s.arrivals; i++) {
          w.append(key)
              .append(',')
              .append(String.valueOf(s.endMs[i]))
              .append(',')
              .append(String.valueOf(s.receivedMillis[i]))
              .append('\n');
        }
      }
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("delivered.csv")))) {
      w.println("epochSecond,samples");
      for (Map.Entry<Long, LongAdder> e : new TreeMap<>(deliveredBySecond).entrySet()) {
        w.println(e.getKey() + "," + e.getValue().sum());
      }
    }
    // second (epoch) followed by latency:count pairs; only non-empty buckets
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("latency.csv")))) {
      w.println(
          "# epochSecond latencyMs:count ...  (latency = receive - (srsCaptureTime + chunk duration))");
      for (Map.Entry<Long, int[]> e : new TreeMap<>(latencyBySecond).entrySet()) {
        StringBuilder line = new StringBuilder().append(startedMillis / 1000 + e.getKey());
        int[] h = e.getValue();
        for (int i = 0; i < h.length; i++) {
          if (h[i] > 0) {
            line.append(' ').append(i - OFFSET).append(':').append(h[i]);
          }
        }
        w.println(line);
      }
    }
    long holes = 0;
    long dropped = 0;
    long measuredChunks = 0;
    int measuredStreams = 0;
    for (Map.Entry<String, StreamFigures> e : streams.entrySet()) {
      if (isWarmUp(e.getKey().split("/", 2)[0])) {
        continue;
      }
      StreamFigures s = e.getValue();
      holes += s.sequenceHoles;
      dropped += s.droppedBefore;
      measuredChunks += s.chunks;
      measuredStreams++;
    }
    try (PrintWriter w =
        new PrintWriter(Files.newBufferedWriter(out.resolve("consumer.properties")))) {
      w.println("sessionsExpected=" + expected);
      w.println("sessionsStarted=" + started.get());
      w.println("sessionsEnded=" + ended.get());
      w.println("streams=" + measuredStreams);
      w.println("chunksReceived=" + measuredChunks);
      w.println("chunksReceivedWithWarmUp=" + chunks.get());
      w.println("lastChunksReceived=" + lastChunks.get());
      w.println("bytesReceived=" + bytes.get());
      w.println("chunkSequenceHoles=" + holes);
      w.println("chunksDroppedBySrs=" + dropped);
      w.println("consumerErrors=" + errors.get());
      for (Map.Entry<String, Long> t : totals.entrySet()) {
        w.println("ended." + t.getKey() + "=" + t.getValue());
      }
    }
  }
}
