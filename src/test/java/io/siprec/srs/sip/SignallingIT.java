package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.MarkerCall;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.UdpSockets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIPREC signalling against the running server over real SIP: the answers an SBC sees, including
 * every refusal, and that a refusal leaves nothing behind.
 */
class SignallingIT {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static SrsServerProcess server;
  private static JmsProbe jms;
  private SipClient sip;

  @BeforeAll
  static void startServer() {
    // Addresses an operator behind NAT would set; this test sends no RTP, so they need not route.
    server =
        SrsServerProcess.named("signalling")
            .env("SRS_MEDIA_PUBLIC_ADDRESS", "192.0.2.50")
            .env("SRS_SIP_PUBLIC_ADDRESS", "192.0.2.51")
            .start();
    jms = JmsProbe.loggedIn(server.consumerLogin());
  }

  @AfterAll
  static void stopServer() {
    jms.close();
    assertThat(server.terminate(Duration.ofSeconds(40))).isZero();
  }

  @BeforeEach
  void client() {
    sip = SipClient.to(server);
  }

  @AfterEach
  void nothingLeftAllocated() {
    sip.close();
    assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax))
        .as("RTP ports still bound")
        .isZero();
  }

  private SipClient.Response replay(String corpusFile) {
    return sip.exchange(sip.prepare(Fixtures.bytes("siprec-corpus/" + corpusFile)), WAIT);
  }

  @Test
  void aReferenceInviteIsAnsweredAsARecorder() {
    int mark = jms.mark();
    SipClient.Sent invite =
        sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
    SipClient.Response ok = sip.exchange(invite, WAIT);

    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("Contact")).contains("+sip.srs");
    assertThat(ok.header("Require")).isEqualTo("siprec");
    assertThat(ok.header("Content-Type")).isEqualTo("application/sdp");
    assertThat(ok.body())
        .contains("a=label:1")
        .contains("a=label:2")
        .contains("a=recvonly")
        .contains("c=IN IP4 192.0.2.50")
        .doesNotContain("127.0.0.1");
    assertThat(ok.header("Contact")).contains("192.0.2.51");
    sip.ack(invite, ok);
    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    // The positive control of every "no RTP port left bound" check: while the call is up, its
    // two streams hold an RTP and an RTCP port each, and the count sees them.
    int[] ports =
        ok.body()
            .lines()
            .filter(l -> l.startsWith("m=audio "))
            .mapToInt(l -> Integer.parseInt(l.split(" ")[1]))
            .toArray();
    assertThat(ports).hasSize(2);
    assertThat(UdpSockets.bound(ports[0], ports[0] + 1, ports[1], ports[1] + 1))
        .as("ports of the live call")
        .isEqualTo(4);

    assertThat(sip.bye(invite, ok).status()).isEqualTo(200);
    assertThat(jms.awaitEvent(id, "session.ended", WAIT).json().getString("reason"))
        .isEqualTo("SRC_BYE");
  }

  @Test
  void anUpdateWithSdpIsAnsweredInFullAndPausesTheStreams() {
    int mark = jms.mark();
    SipClient.Sent invite =
        sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
    SipClient.Response ok = sip.exchange(invite, WAIT);
    sip.ack(invite, ok);
    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    String pausedOffer =
        String.join(
            "\r\n",
            "v=0",
            "o=src 2890844526 2890844528 IN IP4 192.0.2.10",
            "s=-",
            "c=IN IP4 192.0.2.10",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "a=label:1",
            "a=inactive",
            "m=audio 49172 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "a=label:2",
            "a=inactive",
            "");

    SipClient.Response answer =
        sip.exchange(
            sip.inDialogWithBody(
                "UPDATE", invite, ok, invite.cseq() + 1, "application/sdp", pausedOffer),
            WAIT);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body())
        .contains("a=label:1")
        .contains("a=label:2")
        .doesNotContain("recvonly")
        .containsPattern(
            "(?s)m=audio [1-9][0-9]* RTP/AVP 0.*a=inactive.*m=audio [1-9][0-9]* RTP/AVP 0.*a=inactive")
        .containsPattern("o=SiprecSrs \\d+ 2 ");
    jms.awaitEvent(
        e ->
            e.sessionId().equals(id)
                && e.type().equals("stream.paused")
                && e.json().getString("streamLabel").equals("2"),
        WAIT);
    sip.exchange(
        sip.inDialogWithBody("BYE", invite, ok, invite.cseq() + 2, "application/sdp", ""), WAIT);
    jms.awaitEvent(id, "session.ended", WAIT);
  }

  @Test
  void requireSiprecIsEchoedOnlyWhenTheSrcNamedTheTag() {
    String reference =
        new String(
            Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"),
            StandardCharsets.ISO_8859_1);
    // BroadWorks sends no Require: the answer must not require what the SRC did not offer.
    SipClient.Sent noRequire = sip.prepare(reference.replace("Require: siprec\r\n", ""));
    SipClient.Response ok = sip.exchange(noRequire, WAIT);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.header("Require")).isNull();
    assertThat(ok.header("Supported").split("\\s*,\\s*"))
        .containsExactlyInAnyOrder("siprec", "timer");
    sip.ack(noRequire, ok);
    assertThat(sip.bye(noRequire, ok).status()).isEqualTo(200);

    SipClient.Sent supportedOnly =
        sip.prepare(reference.replace("Require: siprec", "Supported: siprec"));
    SipClient.Response ok2 = sip.exchange(supportedOnly, WAIT);
    assertThat(ok2.status()).isEqualTo(200);
    assertThat(ok2.header("Require")).isEqualTo("siprec");
    sip.ack(supportedOnly, ok2);
    assertThat(sip.bye(supportedOnly, ok2).status()).isEqualTo(200);
  }

  @Test
  void anUnknownRequiredExtensionIs420WithUnsupported() {
    SipClient.Response r = replay("m16_require_unknown_extension.sip");
    assertThat(r.status()).isEqualTo(420);
    assertThat(r.header("Unsupported")).isEqualTo("x-unknown-ext");
  }

  @Test
  void noAcceptableCodecIs488WithWarning305() {
    SipClient.Response r = replay("m05_unknown_codec_only.sip");
    assertThat(r.status()).isEqualTo(488);
    assertThat(r.header("Warning")).matches("305 \\S+ \"Incompatible media format\"");
  }

  @Test
  void anSdpWithoutMediaIs488() {
    SipClient.Response r = replay("m04_sdp_no_media.sip");
    assertThat(r.status()).isEqualTo(488);
    assertThat(r.header("Warning")).startsWith("304 ");
  }

  @Test
  void anInviteWithoutOfferIs488() {
    SipClient.Response r = replay("m11_metadata_only_no_sdp.sip");
    assertThat(r.status()).isEqualTo(488);
    assertThat(r.reason()).isEqualTo("No SDP offer in INVITE");
    assertThat(r.header("Warning")).startsWith("399 ").endsWith("\"No SDP offer in INVITE\"");
  }

  @Test
  void unreadableBodiesAre400NamingTheProblem() {
    assertThat(replay("m02_missing_boundary_param.sip"))
        .extracting(SipClient.Response::status, SipClient.Response::reason)
        .containsExactly(400, "multipart body without boundary parameter");
    assertThat(replay("m03_boundary_mismatch.sip").reason()).contains("not found in body");
    SipClient.Response badPorts = replay("m14_sdp_bad_ports.sip");
    assertThat(badPorts.status()).isEqualTo(400);
    assertThat(badPorts.reason()).startsWith("SDP line").contains("port");
  }

  @Test
  void aBodyTypeWeDoNotTakeIs415WithAccept() {
    SipClient.Response r =
        sip.exchange(sip.prepare(Fixtures.bytes("bodies/plain-text-body.sip")), WAIT);
    assertThat(r.status()).isEqualTo(415);
    assertThat(r.header("Accept"))
        .contains("application/rs-metadata+xml")
        .contains("multipart/mixed");
  }

  @Test
  void requestsForDialogsWeDoNotHaveAre481() {
    String bye =
        "BYE sip:srs@198.51.100.20 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\n"
            + "Max-Forwards: 70\r\nFrom: <sip:src@192.0.2.1>;tag=a\r\nTo: <sip:srs@198.51.100.20>;tag=unknown\r\n"
            + "Call-ID: x\r\nCSeq: 9 BYE\r\nContent-Length: 0\r\n\r\n";
    assertThat(sip.exchange(sip.prepare(bye), WAIT).status()).isEqualTo(481);
    assertThat(sip.exchange(sip.prepare(bye.replace("BYE", "UPDATE")), WAIT).status())
        .isEqualTo(481);
  }

  @Test
  void optionsAnswerWithTheServersCapabilities() {
    SipClient.Response r = sip.exchange(sip.options(), WAIT);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Allow").split("\\s*,\\s*"))
        .containsExactlyInAnyOrder("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE");
    assertThat(r.header("Accept")).contains("application/sdp").contains("application/rs-metadata");
    assertThat(r.header("Supported").split("\\s*,\\s*"))
        .containsExactlyInAnyOrder("siprec", "timer");
    assertThat(sip.exchange(sip.options("Require: x-foo"), WAIT).status()).isEqualTo(420);
  }

  @Test
  void aCancelRacingTheAnswerLeavesNoSessionBehind() {
    int mark = jms.mark();
    SipClient.Sent invite =
        sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
    sip.send(invite);
    SipClient.Response cancelled = sip.exchange(sip.cancel(invite), WAIT);
    SipClient.Response answer = sip.awaitFinal(invite.callId(), "INVITE", WAIT);

    assertThat(cancelled.status()).isIn(200, 481);
    assertThat(answer.status()).isIn(200, 487);
    if (answer.status() == 200) {
      // The answer won the race: the SRC acknowledges and ends the dialog (RFC 3261 §9.1).
      sip.ack(invite, answer);
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      assertThat(sip.bye(invite, answer).status()).isEqualTo(200);
      jms.awaitEvent(id, "session.ended", WAIT);
    } else {
      // The CANCEL won: judged once a later call's session has started, no session for this one.
      assertThat(MarkerCall.eventsBefore(server, jms, mark, WAIT))
          .as("the cancelled INVITE started no session")
          .noneMatch(e -> e.type().equals("session.started"));
    }
  }

  @Test
  void aRetransmittedInviteIsOneSessionAndItsAnswerIsRepeated() throws Exception {
    int mark = jms.mark();
    SipClient.Sent invite =
        sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
    // The SRC's timer A fires before our answer arrives, and again after it (the 200 was lost).
    sip.send(invite);
    sip.send(invite);
    SipClient.Response ok = sip.awaitFinal(invite.callId(), "INVITE", WAIT);
    sip.send(invite);
    SipClient.Response repeated = sip.awaitFinal(invite.callId(), "INVITE", WAIT);

    assertThat(ok.status()).isEqualTo(200);
    assertThat(repeated.status()).isEqualTo(200);
    assertThat(repeated.header("To")).as("the same dialog").isEqualTo(ok.header("To"));
    assertThat(repeated.body()).isEqualTo(ok.body());
    sip.ack(invite, ok);
    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    assertThat(sip.bye(invite, ok).status()).isEqualTo(200);
    jms.awaitEvent(id, "session.ended", WAIT);
    // By this INVITE's Call-ID: an earlier test's late session.started may come after the mark.
    long started =
        jms.events().stream()
            .filter(e -> e.type().equals("session.started"))
            .filter(
                e ->
                    invite
                        .callId()
                        .equals(e.json().getJsonObject("session").getString("callId", "")))
            .count();
    assertThat(started).as("one INVITE transaction, one recording session").isEqualTo(1);
  }

  /**
   * A second re-INVITE before the SRC acknowledged the first one's 200: offer and answer of the
   * first were complete with that 200 (the ACK carries no body), so this is no glare and RFC 3261
   * §14.2's 491/500 do not apply; it is answered like any re-INVITE, on the same ports.
   */
  @Test
  void aReInviteBeforeTheLastOneIsAcknowledgedIsAnsweredOnTheSamePorts() {
    int mark = jms.mark();
    SipClient.Sent invite =
        sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
    SipClient.Response ok = sip.exchange(invite, WAIT);
    sip.ack(invite, ok);
    String id = jms.awaitSessionStartedAfter(mark, WAIT);
    String offer =
        String.join(
            "\r\n",
            "v=0",
            "o=src 2890844526 2890844527 IN IP4 192.0.2.10",
            "s=-",
            "c=IN IP4 192.0.2.10",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "a=label:1",
            "a=sendonly",
            "m=audio 49172 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "a=label:2",
            "a=sendonly",
            "");

    SipClient.Sent first =
        sip.inDialogWithBody("INVITE", invite, ok, invite.cseq() + 1, "application/sdp", offer);
    SipClient.Response firstOk = sip.exchange(first, WAIT);
    SipClient.Sent second =
        sip.inDialogWithBody("INVITE", invite, ok, invite.cseq() + 2, "application/sdp", offer);
    SipClient.Response secondOk = sip.exchange(second, WAIT);

    assertThat(firstOk.status()).isEqualTo(200);
    assertThat(secondOk.status()).isEqualTo(200);
    assertThat(mediaLines(secondOk.body()))
        .as("the same ports")
        .isEqualTo(mediaLines(firstOk.body()))
        .isEqualTo(mediaLines(ok.body()));
    sip.ack(first, firstOk);
    sip.ack(second, secondOk);
    assertThat(sip.bye(invite, ok, invite.cseq() + 3).status())
        .as("the session carries on")
        .isEqualTo(200);
    assertThat(jms.awaitEvent(id, "session.ended", WAIT).json().getString("reason"))
        .isEqualTo("SRC_BYE");
  }

  private static List<String> mediaLines(String sdp) {
    return sdp.lines().filter(l -> l.startsWith("m=")).toList();
  }

  @Test
  void theTcpConnectorAnswersOnTheSamePort() {
    Sipp options = Sipp.scenario("options.xml").against(server).overTcp();
    assertThat(options.run()).as(options.report()).isZero();
  }
}
