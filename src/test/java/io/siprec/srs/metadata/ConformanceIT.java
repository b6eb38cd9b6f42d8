package io.siprec.srs.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.MarkerCall;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.SdesOffers;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.SrtpSender;
import io.siprec.srs.testsupport.UdpSockets;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every request of src/test/resources/conformance/cases.txt (the shared corpus and one
 * fixture per documented SRC dialect) over real SIP to the running server and checks the answer,
 * the SRC vendor detected, and who the session events say is heard on each stream.
 */
class ConformanceIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static SrsServerProcess server;
  private static JmsProbe jms;

  @BeforeAll
  static void startServer() {
    server = SrsServerProcess.named("conformance").start();
    jms = JmsProbe.loggedIn(server.consumerLogin());
  }

  @AfterAll
  static void stopServer() {
    jms.close();
    assertThat(server.terminate(Duration.ofSeconds(40))).isZero();
    assertThat(server.log()).doesNotContain("Exception in thread").doesNotContain("OutOfMemory");
  }

  /** One line of the manifest. */
  record Case(
      String request,
      String transport,
      String after,
      int status,
      String reasonPart,
      String warning,
      String vendor,
      String heard,
      String metadata,
      String sdp,
      boolean transfer,
      String shape) {
    Case withHeard(String newHeard) {
      return new Case(
          request,
          transport,
          after,
          status,
          reasonPart,
          warning,
          vendor,
          newHeard,
          metadata,
          sdp,
          transfer,
          shape);
    }

    /** The problem kind the metadata column expects ("problem unreadable"), or null. */
    String problemKind() {
      return metadata.startsWith("problem ")
          ? metadata.substring("problem ".length()).strip()
          : null;
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRequestGetsItsExpectedAnswer() {
    return cases().stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.request() + " -> " + c.status(),
                    () -> {
                      if (c.transfer()) {
                        transfer(c);
                      } else if (c.after() == null) {
                        initial(c, null);
                      } else {
                        inDialog(c);
                      }
                      assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax))
                          .as("RTP ports left bound")
                          .isZero();
                    }));
  }

  /**
   * A transfer as SRCs that end one recording session and open another do it (BYE, then a new
   * INVITE reusing the metadata's group_id and stream ids): the first call is recorded and ended,
   * then the case's request must start a session that names the first one as linked.
   */
  private void transfer(Case c) {
    String first;
    try (SipClient sip = SipClient.to(server)) {
      int mark = jms.mark();
      SipClient.Sent invite = sip.prepare(Fixtures.bytes(c.after()));
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
      sip.ack(invite, ok);
      first = jms.awaitSessionStartedAfter(mark, WAIT);
      List<String> labels = sendAudioToEveryStream(invite.text(), ok.body());
      jms.awaitChunks(first, 1, WAIT, labels.toArray(new String[0]));
      assertThat(sip.bye(invite, ok).status()).isEqualTo(200);
      jms.awaitEvent(first, "session.ended", WAIT);
    }
    initial(c, first);
  }

  /**
   * @param linkedTo the session the new one must name as linked (a transfer), or null
   */
  private void initial(Case c, String linkedTo) {
    try (SipClient sip =
        c.transport().equals("tcp") ? SipClient.overTcp(server) : SipClient.to(server)) {
      int mark = jms.mark();
      SipClient.Sent invite = sip.prepare(Fixtures.bytes(c.request()));
      SipClient.Response answer = sip.exchange(invite, WAIT);

      assertThat(answer.status()).as(answer.raw()).isEqualTo(c.status());
      if (c.reasonPart() != null) {
        assertThat(answer.reason()).contains(c.reasonPart());
      }
      if (c.warning() != null) {
        assertThat(answer.headers())
            .as(answer.raw())
            .anySatisfy(
                h -> assertThat(h[0] + ": " + h[1]).startsWith("Warning: ").contains(c.warning()));
      }
      checkAnswerSdp(c, answer);
      if (answer.status() != 200) {
        // Judged once a later call's session has started: its events come after any of this one's.
        assertThat(MarkerCall.eventsBefore(server, jms, mark, WAIT))
            .as("a refused request starts no session")
            .noneMatch(e -> e.type().equals("session.started"));
        return;
      }
      sip.ack(invite, answer);
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      JsonObject session =
          jms.awaitEvent(id, "session.started", WAIT).json().getJsonObject("session");
      if (!c.vendor().equals("-")) {
        assertThat(session.getString("srcVendor")).isEqualTo(c.vendor());
      }
      checkHeard(c, session);
      checkMetadataOutcome(c, session);
      checkAnswer(c, answer.body());
      if (linkedTo != null) {
        // The recording before the transfer, by group: ended, and named by the new one.
        assertThat(session.getJsonArray("linkedSessions").getValuesAs(JsonObject.class))
            .as("linked sessions")
            .anySatisfy(
                l -> {
                  assertThat(l.getString("sessionId")).isEqualTo(linkedTo);
                  assertThat(l.isNull("endedAt")).as("the earlier one ended").isFalse();
                });
      }
      List<String> labels = sendAudioToEveryStream(invite.text(), answer.body());
      // The BYE only once each stream has published audio: one that ended first would have none.
      jms.awaitChunks(id, 1, WAIT, labels.toArray(new String[0]));
      assertThat(sip.bye(invite, answer).status()).isEqualTo(200);
      jms.awaitEvent(id, "session.ended", WAIT);
      jms.awaitLastChunks(id, WAIT, labels.toArray(new String[0]));
      checkChunksSayWhoIsHeard(c, id, session, labels);
    }
  }

  private void inDialog(Case c) {
    byte[] request = Fixtures.bytes(c.request());
    try (SipClient sip = SipClient.to(server)) {
      // Outside any dialog the same request is refused.
      assertThat(sip.exchange(sip.prepare(request), WAIT).status())
          .as("outside a dialog")
          .isEqualTo(481);

      int mark = jms.mark();
      SipClient.Sent invite = sip.prepare(Fixtures.bytes(c.after()));
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(invite, ok);
      String id = jms.awaitSessionStartedAfter(mark, WAIT);

      SipClient.Sent inDialog = sip.inDialog(request, invite, ok, invite.cseq() + 1);
      String method = inDialog.text().substring(0, inDialog.text().indexOf(' '));
      SipClient.Response answer = sip.exchange(inDialog, WAIT);
      assertThat(answer.status()).as(answer.raw()).isEqualTo(c.status());
      if (method.equals("INVITE")) {
        sip.ack(inDialog, answer);
      }

      checkAnswerSdp(c, answer);

      String heard = c.heard();
      Matcher shape = SHAPE_CHANGES.matcher(heard);
      if (shape.find()) {
        // "resumed=1,2", "added=3", "removed=2", "audio=1,2" (';' between them, after any
        // "paused="): what the request changed, each checked by its event and, for a stream that
        // records after it, by real RTP sent as the answer says and its chunks.
        String changes = heard.substring(shape.start()).trim();
        heard = heard.substring(0, shape.start()).trim();
        if (heard.endsWith(";")) {
          heard = heard.substring(0, heard.length() - 1).trim();
        }
        checkShapeChanges(id, changes, inDialog.text(), answer.body());
      }
      int pausedAt = heard.indexOf("paused=");
      if (pausedAt >= 0) {
        // "paused=1,2" or "paused=1:metadata-hold": the streams the request pauses, and why.
        for (String entry : heard.substring(pausedAt + "paused=".length()).trim().split(",")) {
          String[] labelAndCause = entry.split(":");
          String cause = labelAndCause.length > 1 ? labelAndCause[1] : "sdp";
          jms.awaitEvent(
              e ->
                  e.sessionId().equals(id)
                      && e.type().equals("stream.paused")
                      && e.json().getString("streamLabel").equals(labelAndCause[0])
                      && e.json().getString("cause").equals(cause),
              WAIT);
        }
        heard = heard.substring(0, pausedAt).trim();
        if (heard.endsWith(";")) {
          heard = heard.substring(0, heard.length() - 1).trim();
        }
      }
      if (c.problemKind() != null) {
        // Not read, the request answered anyway: the session keeps the metadata it had.
        JsonObject found = jms.awaitEvent(id, "metadata.problem", WAIT).json();
        assertThat(found.getString("receivedIn"))
            .isEqualTo(method.equals("INVITE") ? "re-INVITE" : method);
        checkMetadataOutcome(c, found.getJsonObject("session"));
        if (!heard.isEmpty() && !heard.equals("-")) {
          checkHeard(c.withHeard(heard), found.getJsonObject("session"));
        }
      } else if (!heard.isEmpty() && !heard.equals("-")) {
        JsonObject updated = jms.awaitEvent(id, "metadata.updated", WAIT).json();
        checkHeard(c.withHeard(heard), updated.getJsonObject("session"));
        checkMetadataOutcome(c, updated.getJsonObject("session"));
      }
      checkCommunicationSessions(c, id, method);
      if (method.equals("BYE")) {
        JsonObject ended = jms.awaitEvent(id, "session.ended", WAIT).json();
        assertThat(ended.getString("reason")).isEqualTo("SRC_BYE");
        if (c.problemKind() != null) {
          // Not read, the BYE ended the call all the same; the last snapshot says why.
          assertThat(
                  ended
                      .getJsonObject("session")
                      .getJsonObject("metadataProblem")
                      .getString("receivedIn"))
              .isEqualTo("BYE");
        } else {
          assertThat(
                  ended
                      .getJsonObject("session")
                      .getJsonArray("metadataHistory")
                      .getValuesAs(JsonObject.class))
              .extracting(h -> h.getString("receivedIn"))
              .contains("BYE");
        }
      } else {
        assertThat(sip.bye(invite, ok, invite.cseq() + 2).status()).isEqualTo(200);
        jms.awaitEvent(id, "session.ended", WAIT);
      }
    }
  }

  /** Where the directives about streams a request added, removed, resumed or recorded begin. */
  private static final Pattern SHAPE_CHANGES =
      Pattern.compile("(?:^|;)\\s*(?=(?:resumed|added|removed|audio)=)");

  /** The "sdp" expectation of the answer column: each fragment in the body, "!fragment" not. */
  private static void checkAnswerSdp(Case c, SipClient.Response answer) {
    if (c.sdp() == null) {
      return;
    }
    for (String fragment : c.sdp().split("&&")) {
      String f = fragment.strip();
      if (f.startsWith("!")) {
        assertThat(answer.body()).as("answer SDP").doesNotContain(f.substring(1));
      } else {
        assertThat(answer.body()).as("answer SDP").contains(f);
      }
    }
  }

  private static void checkShapeChanges(
      String id, String changes, String request, String answerSdp) {
    List<String> recordNow = new ArrayList<>();
    for (String directive : changes.split(";")) {
      String[] kv = directive.strip().split("=", 2);
      List<String> labels = List.of(kv[1].strip().split(","));
      String type =
          switch (kv[0].strip()) {
            case "resumed" -> "stream.resumed";
            case "added" -> "stream.added";
            case "removed" -> "stream.removed";
            default -> null;
          };
      if (type != null) {
        for (String label : labels) {
          jms.awaitEvent(
              e ->
                  e.sessionId().equals(id)
                      && e.type().equals(type)
                      && e.json().getString("streamLabel").equals(label),
              WAIT);
        }
      }
      if (!kv[0].strip().equals("removed")) {
        recordNow.addAll(labels);
      }
    }
    if (!recordNow.isEmpty()) {
      Map<String, Integer> before = new LinkedHashMap<>();
      for (String label : recordNow) {
        before.put(label, jms.chunks(id, label).size());
      }
      List<String> fed = sendAudioToEveryStream(request, answerSdp);
      assertThat(fed).as("streams the answer records").containsAll(recordNow);
      before.forEach((label, n) -> jms.awaitChunks(id, n + 1, WAIT, label));
    }
  }

  /**
   * A few packets of silence to every recorded stream of an answer, SRTP-protected as the SRC's
   * offered crypto line that the answer accepted says (suite, first key and its MKI, session
   * parameters) where the line is RTP/SAVP(F). @return the labels fed
   */
  private static List<String> sendAudioToEveryStream(String request, String answerSdp) {
    List<String> labels = new ArrayList<>();
    String[] sections = answerSdp.split("(?=m=audio )");
    String[] offered = request.split("(?=m=audio )");
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      for (String section : sections) {
        Matcher m = Pattern.compile("^m=audio (\\d+) RTP/S?AVPF? (\\d+)").matcher(section);
        Matcher label = Pattern.compile("a=label:(\\S+)").matcher(section);
        if (!m.find() || Integer.parseInt(m.group(1)) == 0 || section.contains("a=inactive")) {
          continue; // refused, or not recording now (the SRC sends nothing there)
        }
        int pt = Integer.parseInt(m.group(2));
        labels.add(label.find() ? label.group(1) : "mline" + (labels.size() + 1));
        Matcher rtpmap = Pattern.compile("a=rtpmap:" + pt + " ([A-Za-z0-9-]+)/").matcher(section);
        RtpPackets.Payload silence =
            RtpPackets.silence20ms(rtpmap.find() ? rtpmap.group(1) : pt == 8 ? "PCMA" : "PCMU");
        int line = Arrays.asList(sections).indexOf(section);
        SrtpSender srtp = SdesOffers.forAnswer(offered[line], section);
        for (int i = 0; i < 10; i++) {
          ByteBuffer p =
              RtpPackets.packet(pt, i, (long) i * silence.timestampStep(), 0x1234, silence.bytes());
          if (srtp != null) {
            p = srtp.protect(p);
          }
          socket.send(
              new DatagramPacket(
                  p.array(),
                  p.arrayOffset() + p.position(),
                  p.remaining(),
                  InetAddress.getLoopbackAddress(),
                  Integer.parseInt(m.group(1))));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return labels;
  }

  /**
   * The shape column's "cs.ended=&lt;id&gt; cs.started=&lt;id&gt;": the communication sessions the
   * request ended and started in a persistent recording session, as events naming the request.
   */
  private static void checkCommunicationSessions(Case c, String id, String method) {
    for (String expected : c.shape().split("\\s+")) {
      if (!expected.startsWith("cs.")) {
        continue;
      }
      String[] typeAndCs = expected.split("=", 2);
      JsonObject event =
          jms.awaitEvent(
                  e ->
                      e.sessionId().equals(id)
                          && e.type().equals(typeAndCs[0])
                          && e.json()
                              .getJsonObject("communicationSession")
                              .getString("id")
                              .equals(typeAndCs[1]),
                  WAIT)
              .json();
      assertThat(event.getString("receivedIn"))
          .isEqualTo(method.equals("INVITE") ? "re-INVITE" : method);
    }
  }

  /** The shape column's "answer &lt;text&gt;": our SDP answer holds that text. */
  private static void checkAnswer(Case c, String answerSdp) {
    if (c.shape().startsWith("answer ")) {
      assertThat(answerSdp).contains(c.shape().substring("answer ".length()).strip());
    }
  }

  /** The chunk properties alone say who is heard: the same participants as the events. */
  private static void checkChunksSayWhoIsHeard(
      Case c, String id, JsonObject session, List<String> labels) {
    for (JsonValue v : session.getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      if (!labels.contains(s.getString("label"))) {
        continue;
      }
      List<String> aors = new ArrayList<>();
      for (JsonValue p : s.getJsonArray("participants")) {
        aors.add(p.asJsonObject().getString("aor"));
      }
      List<JmsProbe.Chunk> chunks = jms.chunks(id, s.getString("label"));
      assertThat(chunks).as("chunks of stream " + s.getString("label")).isNotEmpty();
      assertThat(chunks)
          .allSatisfy(
              chunk -> {
                assertThat(chunk.participantAor()).isEqualTo(String.join(",", aors));
                assertThat(chunk.participantRole()).isEqualTo(s.getString("role"));
              });
    }
  }

  /**
   * The metadata column: empty for metadata read as sent (no problem, no repair), "repaired a,b"
   * for the repairs it needed, "problem kind" for metadata not read (the call recorded anyway).
   */
  private static void checkMetadataOutcome(Case c, JsonObject session) {
    String kind = c.problemKind();
    if (kind == null) {
      assertThat(session.isNull("metadataProblem"))
          .as("metadataProblem %s", session.get("metadataProblem"))
          .isTrue();
      List<String> repairs =
          c.metadata().startsWith("repaired ")
              ? List.of(c.metadata().substring("repaired ".length()).strip().split(","))
              : List.of();
      List<String> actual =
          session.isNull("metadata")
              ? List.of()
              : session
                  .getJsonObject("metadata")
                  .getJsonArray("repairs")
                  .getValuesAs(JsonString.class)
                  .stream()
                  .map(JsonString::getString)
                  .toList();
      assertThat(actual).as("repairs").isEqualTo(repairs);
      return;
    }
    assertThat(session.isNull("metadataProblem")).as("a metadataProblem").isFalse();
    JsonObject problem = session.getJsonObject("metadataProblem");
    assertThat(problem.getString("kind")).isEqualTo(kind);
    assertThat(problem.getString("detail")).isNotBlank();
    if (kind.equals("hostile") || kind.equals("oversize")) {
      // Never parsed, and only its first bytes kept.
      assertThat(problem.getInt("rawKeptBytes")).isLessThanOrEqualTo(4096);
    }
    JsonObject raw = session.getJsonObject("rawMetadata");
    assertThat(raw).as("the document is kept").isNotNull();
    assertThat(raw.getString("xml").getBytes(StandardCharsets.UTF_8).length)
        .as("kept text")
        .isGreaterThan(0);
  }

  private static void checkHeard(Case c, JsonObject session) {
    if (c.heard().equals("-")) {
      return;
    }
    Map<String, String> expected = new LinkedHashMap<>();
    for (String stream : c.heard().split(";")) {
      String[] kv = stream.strip().split("=", 2);
      expected.put(kv[0], kv[1].strip());
    }
    Map<String, String> actual = new LinkedHashMap<>();
    for (JsonValue v : session.getJsonArray("streams")) {
      JsonObject s = v.asJsonObject();
      List<String> senders = new ArrayList<>();
      for (JsonValue p : s.getJsonArray("participants")) {
        senders.add(p.asJsonObject().getString("aor") + " " + p.asJsonObject().getString("role"));
      }
      actual.put(s.getString("label"), String.join(" + ", senders));
    }
    assertThat(actual).as("who is heard on each stream").isEqualTo(expected);
  }

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String line : Fixtures.text("conformance/cases.txt").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|");
      String transport = f[1].strip();
      String answerField = f[2].strip();
      String sdp = null;
      int sdpAt = answerField.indexOf(" sdp ");
      if (sdpAt >= 0) {
        sdp = answerField.substring(sdpAt + " sdp ".length()).strip();
        answerField = answerField.substring(0, sdpAt);
      }
      String[] answerAndWarning = answerField.split(" warning ", 2);
      String[] status = answerAndWarning[0].split(":", 2);
      boolean transfer = transport.startsWith("transfer after ");
      if (transfer) {
        transport = transport.substring("transfer ".length());
      }
      boolean after = transport.startsWith("after ");
      cases.add(
          new Case(
              f[0].strip(),
              after ? "udp" : transport,
              after ? transport.substring(6).strip() : null,
              Integer.parseInt(status[0]),
              status.length > 1 ? status[1] : null,
              answerAndWarning.length > 1 ? answerAndWarning[1] : null,
              f[3].strip(),
              f[4].strip(),
              f.length > 5 ? f[5].strip() : "",
              sdp,
              transfer,
              f.length > 6 ? f[6].strip() : ""));
    }
    return cases;
  }
}
