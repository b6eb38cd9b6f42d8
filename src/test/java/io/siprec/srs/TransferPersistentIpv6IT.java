package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.UdpSockets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls that change shape, end to end: SIPp as the SRC with real RTP, the packaged server, the
 * events on the broker, the archive on disk and the console's API. A transfer recorded as two
 * sessions linked by their metadata group; a persistent recording session whose communication
 * sessions come and go while its audio runs on unbroken; SIP and RTP over IPv6 loopback.
 */
class TransferPersistentIpv6IT {
  private static final Duration WAIT = Duration.ofSeconds(20);

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
    }
  }

  @Test
  void aTransferIsTwoRecordingsLinkedByGroupInEventsArchiveAndConsole() throws Exception {
    int mark = jms.mark();
    Sipp before =
        Sipp.scenario("siprec_transfer_leg.xml")
            .against(server)
            .set("cs", "Y2FsbC1iZWZvcmU=")
            .set("agent", "4101")
            .start();
    assertThat(before.await()).as(before.report()).isZero();
    String first = jms.awaitSessionStartedAfter(mark, WAIT);
    jms.awaitEvent(first, "session.ended", WAIT);

    mark = jms.mark();
    Sipp after =
        Sipp.scenario("siprec_transfer_leg.xml")
            .against(server)
            .set("cs", "Y2FsbC1hZnRlcg==")
            .set("agent", "4202")
            .start();
    assertThat(after.await()).as(after.report()).isZero();
    String second = jms.awaitSessionStartedAfter(mark, WAIT);
    assertThat(second).isNotEqualTo(first);

    // Events: the new session names the one before the transfer, already ended.
    JsonObject started = jms.awaitEvent(second, "session.started", WAIT).json();
    List<JsonObject> linked =
        started
            .getJsonObject("session")
            .getJsonArray("linkedSessions")
            .getValuesAs(JsonObject.class);
    assertThat(linked).hasSize(1);
    assertThat(linked.get(0).getString("sessionId")).isEqualTo(first);
    assertThat(linked.get(0).isNull("endedAt")).isFalse();
    assertThat(started.getJsonObject("session").getJsonObject("metadata").getString("groupId"))
        .isEqualTo("dHJhbnNmZXItZ3JvdXAtMQ==");
    // Both sides recorded real audio on the stream ids they share.
    for (String id : List.of(first, second)) {
      assertThat(jms.chunks(id, "1")).as("chunks of leg 1 of %s", id).isNotEmpty();
    }
    JsonObject ended = jms.awaitEvent(second, "session.ended", WAIT).json();
    assertThat(
            ended
                .getJsonObject("session")
                .getJsonArray("linkedSessions")
                .getValuesAs(JsonObject.class))
        .extracting(l -> l.getString("sessionId"))
        .containsExactly(first);

    // Archive: the new session's session.json names the earlier one.
    JsonObject archived = json(Files.readString(awaitFile(archiveFolder(second), "session.json")));
    assertThat(
            archived
                .getJsonObject("session")
                .getJsonArray("linkedSessions")
                .getValuesAs(JsonObject.class))
        .extracting(l -> l.getString("sessionId"))
        .containsExactly(first);

    // Console: the session's page (its JSON) names the recording before the transfer.
    JsonObject secondInConsole = json(console("api/sessions/" + second));
    assertThat(
            secondInConsole
                .getJsonObject("session")
                .getJsonArray("linkedSessions")
                .getValuesAs(JsonObject.class))
        .extracting(l -> l.getString("sessionId"))
        .containsExactly(first);
    assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax)).isZero();
  }

  @Test
  void aPersistentRecordingSessionFollowsItsCallsWhileItsAudioRunsOnUnbroken() throws Exception {
    int mark = jms.mark();
    Sipp sipp = Sipp.scenario("siprec_persistent.xml").against(server).start();
    assertThat(sipp.await()).as(sipp.report()).isZero();
    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    JsonObject ended = jms.awaitEvent(id, "session.ended", WAIT).json();
    jms.awaitLastChunks(id, WAIT, "1");

    // Each call's start and end: A in session.started, then the changes as events, in order.
    JsonObject started = jms.awaitEvent(id, "session.started", WAIT).json();
    assertThat(
            started
                .getJsonObject("session")
                .getJsonArray("communicationSessions")
                .getValuesAs(JsonObject.class))
        .extracting(c -> c.getString("id"))
        .containsExactly("Y2FsbC1B");
    List<String> changes =
        jms.events(id).stream()
            .filter(e -> e.type().startsWith("cs."))
            .map(
                e ->
                    e.type()
                        + " "
                        + e.json().getJsonObject("communicationSession").getString("id")
                        + " in "
                        + e.json().getString("receivedIn"))
            .toList();
    assertThat(changes)
        .containsExactly(
            "cs.ended Y2FsbC1B in re-INVITE",
            "cs.started Y2FsbC1C in re-INVITE",
            "cs.ended Y2FsbC1C in UPDATE",
            "cs.started Y2FsbC1D in UPDATE");
    List<JsonObject> recorded =
        ended
            .getJsonObject("session")
            .getJsonArray("communicationSessions")
            .getValuesAs(JsonObject.class);
    assertThat(recorded)
        .extracting(c -> c.getString("id") + (c.isNull("endedAt") ? " ongoing" : " ended"))
        .containsExactly("Y2FsbC1B ended", "Y2FsbC1C ended", "Y2FsbC1D ongoing");
    // Who is heard on the far end's stream followed the calls: broker C at the end.
    assertThat(ended.getJsonObject("session").getJsonArray("streams").getValuesAs(JsonObject.class))
        .filteredOn(s -> s.getString("label").equals("2"))
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getJsonArray("participants").getJsonObject(0).getString("aor"))
                    .isEqualTo("sip:+15550170003@broker-c.example.net"));

    // The audio: one stream of chunks from start to end, no gap, no restart, no early last chunk.
    List<JmsProbe.Chunk> chunks =
        jms.chunks(id, "1").stream()
            .sorted(Comparator.comparingLong(JmsProbe.Chunk::sequence))
            .toList();
    assertThat(chunks).isNotEmpty();
    long samples = 0;
    for (int i = 0; i < chunks.size(); i++) {
      JmsProbe.Chunk c = chunks.get(i);
      assertThat(c.sequence()).as("chunk number").isEqualTo(i);
      assertThat(c.startSample())
          .as("chunk %d starts where the one before ended", i)
          .isEqualTo(samples);
      assertThat(c.last()).as("chunk %d is the last", i).isEqualTo(i == chunks.size() - 1);
      assertThat(c.droppedBefore()).isZero();
      samples += c.samples();
    }
    // SIPp streamed for the whole 6 s of the three calls; the first packets need the answer.
    double seconds = (double) samples / chunks.get(0).sampleRate();
    assertThat(seconds).as("seconds recorded on leg 1").isBetween(5.0, 8.0);
    assertThat(Files.exists(awaitFile(archiveFolder(id), "session.json"))).isTrue();
  }

  @Test
  void overIpv6LoopbackTheServerListensOnItAnswersIp6AndRecordsRtpOnIt() throws Exception {
    try (SrsServerProcess v6 =
        SrsServerProcess.named("call-shapes-ipv6")
            .env("SRS_SIP_ADDRESS", "::1")
            .env("SRS_MEDIA_ADDRESS", "::1")
            .start()) {
      try (JmsProbe probe = JmsProbe.loggedIn(v6.consumerLogin())) {
        int mark = probe.mark();
        // SIPp over [::1] as the SRC: its offer says IP6; the scenario checks our answer is IP6.
        Sipp sipp = Sipp.scenario("siprec_call_ipv6.xml").against(v6).from("::1").start();
        assertThat(sipp.await()).as(sipp.report()).isZero();
        String id = probe.awaitSessionStartedAfter(mark, WAIT);
        JsonObject started = probe.awaitEvent(id, "session.started", WAIT).json();
        assertThat(started.getJsonObject("session").getString("srcAddress")).startsWith("[::1]:");
        probe.awaitEvent(id, "session.ended", WAIT);
        probe.awaitLastChunks(id, WAIT, "1");
        // SIPp's RTP reached us on ::1: leg 1 holds more than a second of its tone.
        assertThat(probe.chunks(id, "1").stream().mapToLong(JmsProbe.Chunk::samples).sum())
            .as("samples on leg 1")
            .isGreaterThan(16000L);

        // The same over TCP on [::1].
        mark = probe.mark();
        Sipp tcp = Sipp.scenario("siprec_call_ipv6.xml").against(v6).from("::1").overTcp().start();
        assertThat(tcp.await()).as(tcp.report()).isZero();
        String overTcp = probe.awaitSessionStartedAfter(mark, WAIT);
        assertThat(
                probe
                    .awaitEvent(overTcp, "session.started", WAIT)
                    .json()
                    .getJsonObject("session")
                    .getString("srcAddress"))
            .startsWith("[::1]:")
            .endsWithIgnoringCase("/tcp");
        probe.awaitLastChunks(overTcp, WAIT, "1");
        assertThat(probe.chunks(overTcp, "1")).isNotEmpty();
      }
      assertThat(v6.terminate(Duration.ofSeconds(40))).isZero();
    }
  }

  private static JsonObject json(String text) {
    return Json.createReader(new StringReader(text)).readObject();
  }

  private static Path archiveFolder(String sessionId) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try (Stream<Path> days = Files.list(server.runtimeDir.resolve("recordings"))) {
        var found = days.map(d -> d.resolve(sessionId)).filter(Files::isDirectory).findFirst();
        if (found.isPresent()) {
          return found.get();
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no archive folder for " + sessionId);
      }
      Thread.sleep(100);
    }
  }

  /** The archive writes a session's files at its end, on its own thread: wait for one. */
  private static Path awaitFile(Path folder, String name) throws Exception {
    Path file = folder.resolve(name);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    return file;
  }

  private static String console(String path) throws Exception {
    String password = Files.readString(server.runtimeDir.resolve("admin-password")).strip();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.adminUrl() + path))
            .timeout(WAIT)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }
}
