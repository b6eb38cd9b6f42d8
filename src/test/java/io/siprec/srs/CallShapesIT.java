package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.RtcpPackets;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.Tones;
import io.siprec.srs.testsupport.UdpSockets;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call that changes shape, end to end (issue 16, item 4): SIPp plays a Cisco CUBE recording a
 * call that rings, is answered, becomes a consult call and loses and regains a leg
 * (src/test/resources/sipp/siprec_call_shapes.xml); this test sends the RTP each answer asks for,
 * in real time, and judges what the broker and the archive got.
 *
 * <ul>
 *   <li>every audio line a=inactive at first: answered at once, recorded from the re-INVITE that
 *       makes it sendonly, the ringing shown as a pause (stream.resumed), never as loss;
 *   <li>four audio lines, each with its own codec and ptime: PCMU 10 ms, PCMA 30 ms, G.722 40 ms
 *       and G.729 60 ms (six frames a packet), each placed on its timeline for exactly as long as
 *       was sent;
 *   <li>video, text and BFCP lines: port 0, labels kept in the session;
 *   <li>a=mid echoed, a=rtcp-mux answered and RTCP read on the RTP port, ICE attributes ignored;
 *   <li>a codec change (PCMU to PCMA on line 1) without a gap; a fifth line added (stream.added,
 *       chunks from 0); line 2 removed (stream.removed, last chunk) and added back (its chunk
 *       numbers and timeline going on from where they stopped).
 * </ul>
 */
class CallShapesIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int RATE = 16000; // the default output rate

  private static SrsServerProcess server;
  private static JmsProbe jms;

  @BeforeAll
  static void startServer() {
    server = SrsServerProcess.named("call-shapes").start();
    jms = JmsProbe.loggedIn(server.consumerLogin());
  }

  @AfterAll
  static void stopServer() {
    if (jms != null) {
      jms.close();
    }
    if (server != null) {
      assertThat(server.terminate(Duration.ofSeconds(40))).as("exit code after SIGTERM").isZero();
      assertThat(server.log()).doesNotContain("Exception in thread");
    }
  }

  @Test
  void aCallThatChangesShapeIsRecordedWholeAndSaysHowItChanged() throws Exception {
    Path progress = Files.createTempFile("call-shapes", ".txt");
    Files.delete(progress); // SIPp writes it, a line per answer
    int mark = jms.mark();
    Sipp sipp =
        Sipp.scenario("siprec_call_shapes.xml")
            .against(server)
            .set("portfile", progress)
            .timeout(Duration.ofSeconds(60))
            .start();
    Sent sent;
    try (Sender sender = new Sender(progress)) {
      sent = sender.run(sipp, Duration.ofSeconds(45));
    }
    assertThat(sipp.await()).as(sipp.report()).isZero();

    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
    jms.awaitLastChunks(id, WAIT, "1", "2", "3", "4", "5");
    awaitLastChunkCount(id, "2", 2);
    List<JmsProbe.Event> events = jms.events(id);

    // --- the INVITE: answered at once, every audio line paused, the other media kept by label.
    JsonObject started =
        jms.awaitEvent(id, "session.started", WAIT).json().getJsonObject("session");
    assertThat(streamsOf(started))
        .containsExactly(
            "1 audio recorded paused",
            "2 audio recorded paused",
            "3 audio recorded paused",
            "4 audio recorded paused",
            "video-1 video refused",
            "text-1 text refused",
            "bfcp-1 application refused");
    assertThat(participantsOf(started, "video-1"))
        .as("the metadata's sender of the video stream, kept although it is not recorded")
        .containsExactly("sip:5551234@198.51.100.77");
    String answer = answers(sipp.messages()).get(0);
    assertThat(answer).contains("a=mid:a1", "a=mid:v1", "a=mid:t1", "a=mid:b1", "a=rtcp-mux");
    assertThat(answer).doesNotContain("a=candidate", "a=ice-ufrag");

    // --- the ringing is a pause, not loss: one "resumed" per line, none paused or lost.
    for (String label : List.of("1", "2", "3", "4")) {
      JsonObject resumed = only(events, "stream.resumed", label);
      assertThat(resumed.getString("cause")).isEqualTo("sdp");
      assertThat(resumed.getJsonNumber("pausedMs").longValue())
          .as("ringing time of line %s", label)
          .isBetween(1500L, 10_000L);
    }
    assertThat(events).noneMatch(e -> e.type().equals("stream.paused"));

    // --- added and removed streams.
    JsonObject added5 = only(events, "stream.added", "5");
    assertThat(added5.getJsonNumber("firstChunkSequence").longValue()).isZero();
    assertThat(added5.getJsonObject("stream").getJsonArray("encodings").getString(0))
        .isEqualTo("PCMU/8000 pt=96");
    JsonObject removed2 = only(events, "stream.removed", "2");
    assertThat(removed2.getJsonObject("stream").getBoolean("recorded")).isTrue();
    List<JmsProbe.Event> added2 = of(events, "stream.added", "2");
    assertThat(added2).hasSize(1);
    JsonObject readded = added2.get(0).json();

    // --- every line's audio: as long as was sent, on an unbroken timeline, nothing lost.
    Map<String, List<JmsProbe.Chunk>> chunks = new LinkedHashMap<>();
    for (String label : List.of("1", "2", "3", "4", "5")) {
      List<JmsProbe.Chunk> c = new ArrayList<>(jms.chunks(id, label));
      c.sort(Comparator.comparingLong(JmsProbe.Chunk::sequence));
      chunks.put(label, c);
      assertThat(c).extracting(JmsProbe.Chunk::sampleRate).containsOnly(RATE);
      for (int i = 0; i < c.size(); i++) {
        assertThat(c.get(i).sequence())
            .as("chunk numbers of %s without a hole", label)
            .isEqualTo(i);
      }
    }
    for (String label : List.of("1", "3", "4", "5")) {
      Leg leg = sent.legs().get(label);
      JsonObject stats = statsOf(ended, label);
      assertThat(stats.getJsonNumber("packetsLost").longValue()).as("lost on " + label).isZero();
      assertThat(stats.getJsonNumber("decodeErrors").longValue()).isZero();
      assertThat(stats.getJsonNumber("packetsPublished").longValue())
          .as("packets of %s published", label)
          .isEqualTo(leg.rtpSent());
      assertThat(stats.getJsonNumber("completeness").doubleValue()).isEqualTo(1.0);
      if (!label.equals("5")) {
        assertThat(stats.getJsonNumber("pausedMs").longValue())
            .as("the ringing of line %s, counted as paused", label)
            .isBetween(1500L, 10_000L);
      }
      assertUnbroken(label, chunks.get(label));
      assertSpan(label, chunks.get(label), leg);
    }
    // rtcp-mux: every sender report sent to line 1's RTP port was read there.
    JsonObject rtcp1 = statsOf(ended, "1").getJsonObject("rtcp");
    assertThat(rtcp1.getJsonNumber("senderReports").longValue())
        .isEqualTo(sent.legs().get("1").rtcpSent())
        .isPositive();

    // The codec change: the 1 kHz PCMU tone, then the 440 Hz PCMA one, one after the other.
    short[] line1 = onTimeline(chunks.get("1"));
    short[] first = Arrays.copyOfRange(line1, RATE / 2, RATE);
    short[] last = Arrays.copyOfRange(line1, line1.length - RATE, line1.length - RATE / 2);
    assertThat(Tones.power(first, RATE, 1000)).isGreaterThan(100 * Tones.power(first, RATE, 440));
    assertThat(Tones.power(last, RATE, 440)).isGreaterThan(100 * Tones.power(last, RATE, 1000));

    // Line 2: the part before its removal, ended by a last chunk; then the part after, its
    // numbers going on from there, further on by the time away.
    List<JmsProbe.Chunk> line2 = chunks.get("2");
    int removedChunks = 0;
    while (!line2.get(removedChunks).last()) {
      removedChunks++;
    }
    removedChunks++;
    assertThat(readded.getJsonNumber("firstChunkSequence").longValue())
        .as("line 2 added back goes on with its chunk numbers")
        .isEqualTo(removedChunks);
    List<JmsProbe.Chunk> before = line2.subList(0, removedChunks);
    List<JmsProbe.Chunk> after = line2.subList(removedChunks, line2.size());
    assertThat(after).isNotEmpty();
    assertThat(after.get(after.size() - 1).last()).isTrue();
    long endBefore = before.stream().mapToLong(c -> c.startSample() + c.samples()).max().orElse(0);
    long awaySamples = sent.removedFor().toMillis() * RATE / 1000;
    assertThat(after.get(0).startSample())
        .as("line 2 added back starts after the time it was away")
        .isGreaterThanOrEqualTo(endBefore + awaySamples / 2);
    assertThat(readded.getJsonNumber("firstStartSample").longValue())
        .isGreaterThanOrEqualTo(endBefore);
    assertUnbroken("2 before removal", before);
    assertUnbroken("2 added back", after);

    // --- the archive kept it all, in one file per label, and the events with it.
    Path folder = archiveFolder(id);
    String archived = Files.readString(folder.resolve("events.jsonl"));
    assertThat(archived).contains("\"stream.added\"", "\"stream.removed\"");
    long frames2 = wavFrames(folder.resolve("stream-2.wav"));
    assertThat(frames2)
        .as("stream-2.wav holds both parts, not the second written over the first")
        .isGreaterThanOrEqualTo(after.get(after.size() - 1).startSample());

    // Every port of the call released.
    int[] ports = sent.ports();
    for (int p : ports) {
      assertThat(UdpSockets.bound(p, p + 1)).as("port %d released", p).isZero();
    }
  }

  // ------------------------------------------------------------------------------------------

  private static void pause(long millis) {
    LockSupport.parkNanos(millis * 1_000_000L);
  }

  /** The 200 OKs SIPp received, in order, as traced. */
  private static List<String> answers(String messages) {
    List<String> out = new ArrayList<>();
    for (String m : messages.split("\n-{10,}")) {
      if (m.contains("SIP/2.0 200") && m.contains("v=0")) {
        out.add(m);
      }
    }
    assertThat(out).as("answers in SIPp's trace").isNotEmpty();
    return out;
  }

  /** Each stream of a snapshot as "label media recorded|refused [paused]". */
  private static List<String> streamsOf(JsonObject session) {
    List<String> out = new ArrayList<>();
    for (JsonValue v : session.getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      out.add(
          s.getString("label")
              + " "
              + s.getString("media")
              + (s.getBoolean("recorded") ? " recorded" : " refused")
              + (s.getBoolean("recorded") && s.getBoolean("paused") ? " paused" : ""));
    }
    return out;
  }

  private static List<String> participantsOf(JsonObject session, String label) {
    for (JsonValue v : session.getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      if (s.getString("label").equals(label)) {
        return s.getJsonArray("participants").getValuesAs(JsonObject.class).stream()
            .map(p -> p.getString("aor"))
            .toList();
      }
    }
    throw new AssertionError("no stream " + label);
  }

  private static List<JmsProbe.Event> of(List<JmsProbe.Event> events, String type, String label) {
    return events.stream()
        .filter(e -> e.type().equals(type))
        .filter(e -> e.json().getString("streamLabel").equals(label))
        .toList();
  }

  private static JsonObject only(List<JmsProbe.Event> events, String type, String label) {
    List<JmsProbe.Event> found = of(events, type, label);
    assertThat(found).as("%s of %s", type, label).hasSize(1);
    return found.get(0).json();
  }

  private static JsonObject statsOf(JmsProbe.Event ended, String label) {
    for (JsonValue v : ended.json().getJsonObject("session").getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      if (s.getString("label").equals(label)) {
        return s.getJsonObject("statistics");
      }
    }
    throw new AssertionError("no stream " + label);
  }

  private static void awaitLastChunkCount(String id, String label, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (jms.chunks(id, label).stream().filter(JmsProbe.Chunk::last).count() >= count) {
        return;
      }
      pause(50);
    }
    throw new AssertionError(count + " last chunks of " + label + " not received");
  }

  /** Each chunk starts where the one before it ended: no gap, no overlap. */
  private static void assertUnbroken(String what, List<JmsProbe.Chunk> chunks) {
    for (int i = 1; i < chunks.size(); i++) {
      JmsProbe.Chunk prev = chunks.get(i - 1);
      assertThat(chunks.get(i).startSample())
          .as("%s: chunk %d starts where %d ended", what, chunks.get(i).sequence(), prev.sequence())
          .isEqualTo(prev.startSample() + prev.samples());
    }
  }

  /**
   * The stream spans on its timeline as long as its packets lasted (each packet several frames: the
   * timeline counts them all), within one packet and the resampler's delay.
   */
  private static void assertSpan(String label, List<JmsProbe.Chunk> chunks, Leg leg) {
    long start = chunks.get(0).startSample();
    long end = chunks.stream().mapToLong(c -> c.startSample() + c.samples()).max().orElse(0);
    long expected = leg.rtpSent() * leg.ptimeMillis * RATE / 1000;
    long published = chunks.stream().mapToLong(JmsProbe.Chunk::samples).sum();
    System.out.printf(
        "[CallShapesIT] line %s: %d packets of %d ms, %d samples expected, %d published over %d%n",
        label, leg.rtpSent(), leg.ptimeMillis, expected, published, end - start);
    long slack = leg.ptimeMillis * RATE / 1000 + 64;
    assertThat(end - start)
        .as("span of line %s", label)
        .isBetween(expected - slack, expected + slack);
    assertThat(published)
        .as("samples of line %s", label)
        .isBetween(expected - slack, expected + slack);
  }

  private static short[] onTimeline(List<JmsProbe.Chunk> chunks) {
    long base = chunks.get(0).startSample();
    long end = chunks.stream().mapToLong(c -> c.startSample() + c.samples()).max().orElse(0);
    short[] out = new short[(int) (end - base)];
    for (JmsProbe.Chunk c : chunks) {
      short[] s = c.samplesArray();
      System.arraycopy(s, 0, out, (int) (c.startSample() - base), s.length);
    }
    return out;
  }

  private static Path archiveFolder(String sessionId) throws IOException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Stream<Path> days = Files.list(server.runtimeDir.resolve("recordings"))) {
        Path found =
            days.map(d -> d.resolve(sessionId))
                .filter(d -> Files.exists(d.resolve("archive.json")))
                .findFirst()
                .orElse(null);
        if (found != null) {
          return found;
        }
      }
      pause(100);
    }
    throw new AssertionError("no archive folder for " + sessionId);
  }

  /** Frames of a 16-bit mono WAV file with a 44-byte header, as the archive writes them. */
  private static long wavFrames(Path wav) throws IOException {
    return (Files.size(wav) - 44) / 2;
  }

  // ------------------------------------------------------------------------------------------

  /** What was sent: per label, and how long line 2 was away. */
  record Sent(Map<String, Leg> legs, Duration removedFor, int[] ports) {}

  /** One RTP stream as an SRC sends it: fixed packet time, several frames a packet. */
  static final class Leg {
    final String label;
    final long ssrc;
    final int ptimeMillis;
    int payloadType;
    byte[] source;
    int bytesPerPacket;
    int timestampStep;
    InetSocketAddress destination;
    long nextAtNanos;
    int sequence = 1000;
    long timestamp = 0x10000;
    int offset;
    int rtpSent;
    int rtcpSent;
    boolean sending;
    boolean rtcpMux;

    Leg(String label, long ssrc, int ptimeMillis) {
      this.label = label;
      this.ssrc = ssrc;
      this.ptimeMillis = ptimeMillis;
    }

    /** A codec: its payload type, what it sends, and bytes and timestamp ticks per packet. */
    Leg codec(int pt, byte[] data, int bytes, int step) {
      payloadType = pt;
      source = data;
      bytesPerPacket = bytes;
      timestampStep = step;
      offset = 0;
      return this;
    }

    int rtpSent() {
      return rtpSent;
    }

    int rtcpSent() {
      return rtcpSent;
    }

    ByteBuffer next() {
      if (offset + bytesPerPacket > source.length) {
        offset = 0;
      }
      byte[] payload = Arrays.copyOfRange(source, offset, offset + bytesPerPacket);
      offset += bytesPerPacket;
      ByteBuffer p =
          RtpPackets.packet(payloadType, sequence & 0xffff, timestamp & 0xffffffffL, ssrc, payload);
      sequence++;
      timestamp += timestampStep;
      rtpSent++;
      return p;
    }
  }

  /**
   * Follows SIPp's progress file and sends each line's RTP in real time, from one socket per line
   * (the server latches on it), as each answer asks.
   */
  static final class Sender implements AutoCloseable {
    private final Path progress;
    private final Map<String, DatagramChannel> sockets = new LinkedHashMap<>();
    private final Map<String, Leg> legs = new LinkedHashMap<>();
    private final List<Integer> ports = new ArrayList<>();

    Sender(Path progress) {
      this.progress = progress;
      byte[] ulaw = Fixtures.bytes("sipp/audio/leg1_1khz.ulaw");
      byte[] alaw = Fixtures.bytes("sipp/audio/leg2_440hz.alaw");
      byte[] g722 = Fixtures.bytes("codec/g722/speech.g722");
      byte[] g729 = speechFrames(Fixtures.bytes("codec/g729/speech_dtx.frames"));
      // ptime 10, 30, 40 and 60 ms; G.722's RTP clock is 8 kHz (RFC 3551 §4.5.2).
      legs.put("1", new Leg("1", 0x1001, 10).codec(0, ulaw, 80, 80));
      legs.put("2", new Leg("2", 0x2002, 30).codec(8, alaw, 240, 240));
      legs.put("3", new Leg("3", 0x3003, 40).codec(9, g722, 320, 320));
      legs.put("4", new Leg("4", 0x4004, 60).codec(18, g729, 60, 480));
      legs.put("5", new Leg("5", 0x5005, 20).codec(96, ulaw, 160, 160));
      legs.get("1").rtcpMux = true;
      try {
        for (String label : legs.keySet()) {
          sockets.put(
              label,
              DatagramChannel.open()
                  .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * G.729 speech frames (10 bytes each) of a frame file, without its SID and untransmitted ones.
     */
    private static byte[] speechFrames(byte[] frames) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int at = 0; at < frames.length; at += 1 + frames[at]) {
        if (frames[at] == 10) {
          out.write(frames, at + 1, 10);
        }
      }
      return out.toByteArray();
    }

    Sent run(Sipp sipp, Duration limit) throws Exception {
      return CompletableFuture.supplyAsync(() -> loop(sipp, limit))
          .get(limit.toSeconds() + 5, TimeUnit.SECONDS);
    }

    private Sent loop(Sipp sipp, Duration limit) {
      int seen = 0;
      long removedAt = 0;
      long removedFor = 0;
      long deadline = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < deadline) {
        boolean sippDone = sipp.finished();
        List<String> lines = lines();
        if (sippDone && seen == lines.size()) {
          throw new AssertionError("SIPp ended before its BYE:\n" + sipp.report());
        }
        for (; seen < lines.size(); seen++) {
          String[] f = lines.get(seen).trim().split("\\s+");
          long now = System.nanoTime();
          switch (f[0]) {
            case "inactive" -> {
              for (int i = 0; i < 4; i++) {
                int port = Integer.parseInt(f[i + 1]);
                ports.add(port);
                legs.get(String.valueOf(i + 1)).destination = loopback(port);
              }
            }
            case "active" -> {
              for (String label : List.of("1", "2", "3", "4")) {
                start(legs.get(label), now);
              }
            }
            case "consult" -> {
              // Line 1 to PCMA, same source, sequence and timestamps going on; line 5 starts.
              legs.get("1").codec(8, Fixtures.bytes("sipp/audio/leg2_440hz.alaw"), 80, 80);
              Leg five = legs.get("5");
              int port = Integer.parseInt(f[1]);
              ports.add(port);
              five.destination = loopback(port);
              start(five, now);
            }
            case "removed" -> {
              legs.get("2").sending = false;
              removedAt = now;
            }
            case "readded" -> {
              Leg two = legs.get("2");
              int port = Integer.parseInt(f[1]);
              ports.add(port);
              two.destination = loopback(port);
              two.payloadType = 97;
              start(two, now);
              removedFor = now - removedAt;
            }
            case "bye" -> {
              return new Sent(
                  legs,
                  Duration.ofNanos(removedFor),
                  ports.stream().mapToInt(Integer::intValue).toArray());
            }
            default -> throw new IllegalStateException("unknown progress line " + lines.get(seen));
          }
        }
        long now = System.nanoTime();
        for (Leg leg : legs.values()) {
          while (leg.sending && now - leg.nextAtNanos >= 0) {
            send(leg, leg.next());
            if (leg.rtcpMux && leg.rtpSent % 50 == 0) {
              // A sender report every 50 packets, to the RTP port (RFC 5761).
              send(
                  leg,
                  RtcpPackets.senderReport(
                      leg.ssrc,
                      System.currentTimeMillis(),
                      leg.timestamp,
                      leg.rtpSent,
                      (long) leg.rtpSent * leg.bytesPerPacket,
                      null));
              leg.rtcpSent++;
            }
            leg.nextAtNanos += leg.ptimeMillis * 1_000_000L;
          }
        }
        LockSupport.parkNanos(1_000_000L);
      }
      throw new AssertionError("SIPp's call did not reach its BYE: " + lines() + sipp.report());
    }

    private void start(Leg leg, long now) {
      leg.sending = true;
      leg.nextAtNanos = now;
    }

    private void send(Leg leg, ByteBuffer packet) {
      try {
        sockets.get(leg.label).send(packet, leg.destination);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private List<String> lines() {
      try {
        return Files.exists(progress)
            ? Files.readAllLines(progress).stream().filter(l -> !l.isBlank()).toList()
            : List.of();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static InetSocketAddress loopback(int port) {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    public void close() {
      for (DatagramChannel c : sockets.values()) {
        try {
          c.close();
        } catch (IOException e) {
          // closing
        }
      }
    }
  }
}
