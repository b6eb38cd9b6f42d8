package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.UdpSockets;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions whose SRC disappears without a BYE, over real SIP, on a server with short limits (Min-SE
 * 2 s, idle timeout 4 s): RFC 4028 session timers (422 below Min-SE, refresher=uac, refreshes keep
 * the session, no refresh ends it) and an SRC that sends nothing at all. The server sends BYE and
 * reports why; ports are released.
 */
class LivenessIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static SrsServerProcess server;
  private static JmsProbe jms;

  @BeforeAll
  static void start() {
    server =
        SrsServerProcess.named("liveness")
            .env("SRS_SIP_MIN_SESSION_EXPIRES", "2")
            .env("SRS_SESSIONS_IDLE_TIMEOUT_SECONDS", "4")
            .start();
    jms = JmsProbe.loggedIn(server.consumerLogin());
  }

  @AfterAll
  static void stop() {
    if (jms != null) {
      jms.close();
    }
    if (server != null) {
      server.terminate(Duration.ofSeconds(40));
    }
  }

  /** The reference INVITE with our Contact (so the server's BYE reaches us) and extra headers. */
  private static SipClient.Sent invite(SipClient sip, String extraHeaders, boolean inactive) {
    String text =
        new String(
            Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"),
            StandardCharsets.ISO_8859_1);
    text =
        text.replaceFirst(
            "(?m)^Contact: .*$", "Contact: <sip:src@127.0.0.1:" + sip.localPort() + ">;+sip.src");
    if (!extraHeaders.isEmpty()) {
      text = text.replaceFirst("(?m)^(CSeq: .*)$", "$1\r\n" + extraHeaders);
    }
    if (inactive) {
      text = text.replace("a=sendonly", "a=inactive");
    }
    return sip.prepare(text); // Content-Length counts the body only: added headers do not change it
  }

  @Test
  void anIntervalBelowOurMinimumIs422WithMinSe() {
    try (SipClient sip = SipClient.to(server)) {
      SipClient.Response r =
          sip.exchange(invite(sip, "Session-Expires: 1\r\nSupported: timer", false), WAIT);
      assertThat(r.status()).isEqualTo(422);
      assertThat(r.header("Min-SE")).isEqualTo("2");
      assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax)).isZero();
    }
  }

  @Test
  void aSessionTimerThatIsNotRefreshedEndsTheSessionWithABye() {
    try (SipClient sip = SipClient.to(server)) {
      int mark = jms.mark();
      SipClient.Sent invite =
          invite(sip, "Session-Expires: 2;refresher=uac\r\nSupported: timer", false);
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.header("Session-Expires")).isEqualTo("2;refresher=uac");
      assertThat(ok.raw()).containsPattern("(?im)^Require:.*timer");
      sip.ack(invite, ok);
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      long t0 = System.nanoTime();

      String bye = sip.awaitRequest("BYE", Duration.ofSeconds(10));
      sip.respond(bye, 200, "OK");
      long afterMs = (System.nanoTime() - t0) / 1_000_000;
      JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
      System.out.printf(
          "[LivenessIT] session timer of 2 s not refreshed: BYE after %d ms, reason %s%n",
          afterMs, ended.json().getString("reason"));
      assertThat(ended.json().getString("reason")).isEqualTo("SESSION_EXPIRED");
      assertThat(afterMs).isBetween(1000L, 4500L);
    }
    assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax)).isZero();
  }

  @Test
  void refreshesKeepTheSessionAlive() throws Exception {
    try (SipClient sip = SipClient.to(server)) {
      int mark = jms.mark();
      SipClient.Sent invite =
          invite(sip, "Session-Expires: 2;refresher=uac\r\nSupported: timer", false);
      SipClient.Response ok = sip.exchange(invite, WAIT);
      sip.ack(invite, ok);
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      String sdp =
          invite
              .text()
              .substring(
                  invite.text().indexOf("v=0"),
                  invite.text().indexOf("--", invite.text().indexOf("v=0")));
      int cseq = invite.cseq();
      for (int i = 0;
          i < 5;
          i++) { // 5 s: more than twice the interval, and more than the idle timeout
        // The time passing is what is tested: a refresh each second keeps a 2 s timer from running
        // out.
        Thread.sleep(1000);
        SipClient.Sent refresh =
            sip.inDialogWithBody("INVITE", invite, ok, ++cseq, "application/sdp", sdp);
        refresh =
            new SipClient.Sent(
                refresh
                    .text()
                    .replaceFirst(
                        "(?m)^(CSeq: .*)$",
                        "$1\r\nSession-Expires: 2;refresher=uac\r\nSupported: timer"),
                refresh.callId(),
                refresh.fromTag(),
                refresh.branch(),
                refresh.cseq());
        SipClient.Response refreshed = sip.exchange(refresh, WAIT);
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.header("Session-Expires")).isEqualTo("2;refresher=uac");
        sip.ack(refresh, refreshed);
      }
      assertThat(sip.bye(invite, ok, ++cseq).status()).isEqualTo(200);
      // The positive control: our BYE ends it now, so its one session.ended comes after anything an
      // expired timer had published. An expiry in between would be a SESSION_EXPIRED end here.
      assertThat(jms.awaitEvent(id, "session.ended", WAIT).json().getString("reason"))
          .isEqualTo("SRC_BYE");
      assertThat(jms.events(id))
          .extracting(JmsProbe.Event::type)
          .containsExactly("session.started", "session.ended");
    }
  }

  @Test
  void anSrcThatSendsNothingIsEndedAfterTheIdleTimeoutButAPausedOneIsNot() throws Exception {
    try (SipClient sip = SipClient.to(server);
        SipClient paused = SipClient.to(server);
        SipClient marker = SipClient.to(server)) {
      int mark = jms.mark();
      SipClient.Sent silent = invite(sip, "", false);
      SipClient.Response ok = sip.exchange(silent, WAIT);
      sip.ack(silent, ok);
      String silentId = jms.awaitSessionStartedAfter(mark, WAIT);
      int mark2 = jms.mark();
      SipClient.Sent onHold = invite(paused, "", true);
      SipClient.Response ok2 = paused.exchange(onHold, WAIT);
      paused.ack(onHold, ok2);
      String pausedId = jms.awaitSessionStartedAfter(mark2, WAIT);
      long t0 = System.nanoTime();

      String bye = sip.awaitRequest("BYE", Duration.ofSeconds(15));
      sip.respond(bye, 200, "OK");
      long afterMs = (System.nanoTime() - t0) / 1_000_000;
      JmsProbe.Event ended = jms.awaitEvent(silentId, "session.ended", WAIT);
      System.out.printf(
          "[LivenessIT] no RTP, no SIP: BYE after %d ms, reason %s%n",
          afterMs, ended.json().getString("reason"));
      assertThat(ended.json().getString("reason")).isEqualTo("SRC_SILENT");
      assertThat(afterMs).isBetween(3000L, 7000L);

      // The positive control for the paused one: another silent session, started now, after the
      // paused one by more than the idle timeout. Had the paused one been held to the idle timeout,
      // it would have been ended liveness rounds (1 s apart) before this one, and the server's
      // events arrive in the order they happen: its session.ended would come first.
      int mark3 = jms.mark();
      SipClient.Sent late = invite(marker, "", false);
      SipClient.Response ok3 = marker.exchange(late, WAIT);
      marker.ack(late, ok3);
      String markerId = jms.awaitSessionStartedAfter(mark3, WAIT);
      marker.respond(marker.awaitRequest("BYE", Duration.ofSeconds(15)), 200, "OK");
      assertThat(jms.awaitEvent(markerId, "session.ended", WAIT).json().getString("reason"))
          .isEqualTo("SRC_SILENT");
      assertThat(jms.events(pausedId))
          .extracting(JmsProbe.Event::type)
          .as("the paused session's events")
          .doesNotContain("session.ended");
      assertThat(paused.bye(onHold, ok2).status()).isEqualTo(200);
    }
  }
}
