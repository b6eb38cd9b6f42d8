package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.UdpSockets;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM with a recording in progress: the SRC gets a BYE and answers it, consumers get the last
 * chunks and the "session ended" event, and the process exits with 0 in bounded time.
 */
class ShutdownIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void sigtermEndsLiveRecordingsCleanlyAndExitsZero() throws Exception {
    SrsServerProcess server = SrsServerProcess.named("shutdown").start();
    try (JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin());
        RtpSender leg2 =
            new RtpSender(
                server.ports.peerMedia() + 4,
                Fixtures.bytes("sipp/audio/leg2_440hz.alaw"),
                8,
                0x5EC0FL)) {
      AnsweredPort leg2Port = AnsweredPort.create();
      Sipp sipp =
          Sipp.scenario("siprec_call_ended_by_srs.xml")
              .against(server)
              .set("portfile", leg2Port.file())
              .start();
      int port = leg2Port.await(Duration.ofSeconds(15));
      leg2.send(new InetSocketAddress("127.0.0.1", port), 1000);
      String id = jms.awaitSessionStartedAfter(0, WAIT);
      jms.awaitChunks(id, 11, WAIT, "1", "2"); // audio flowing on both legs: over a second of it

      long t0 = System.nanoTime();
      int exit = server.terminate(Duration.ofSeconds(30));
      long stopMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("[ShutdownIT] SIGTERM to exit: %d ms, exit code %d%n", stopMs, exit);

      assertThat(exit).isZero();
      assertThat(stopMs).isLessThan(15_000);
      assertThat(sipp.await())
          .as("SIPp received our BYE and answered it\n" + sipp.report())
          .isZero();
      assertThat(server.log())
          .contains("session " + id + ": BYE sent")
          .contains("drained: 1 recording session(s) ended")
          // A clean stop logs nothing an operator alerts on (Tomcat's thread-local report is one
          // INFO line: docs/deploy-war.md).
          .doesNotContain("SEVERE")
          .doesNotContain(" ERROR ");

      JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
      assertThat(ended.json().getString("reason")).isEqualTo("SERVER_SHUTDOWN");
      jms.awaitLastChunks(id, WAIT, "1", "2");
      assertThat(jms.chunks(id, "1").size()).isGreaterThan(10);
      assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax)).isZero();
    } finally {
      server.close();
    }
  }

  /**
   * While a stopping server waits for the SRCs to answer its BYEs, it says so to the SBC: OPTIONS
   * and new INVITEs get 503 "Server shutting down" with Retry-After, so a recording group sends new
   * calls to another member (docs/scale-out.md).
   */
  @Test
  void aDrainingServerAnswersOptionsAndInvitesWith503() throws Exception {
    SrsServerProcess server =
        SrsServerProcess.named("shutdown-draining")
            .env("SRS_SHUTDOWN_GRACE_MS", "8000")
            .env("SRS_SIP_RETRY_AFTER_SECONDS", "11")
            .start();
    try (SipClient sip = SipClient.to(server)) {
      // Our Contact, so that the server's BYE comes to this client.
      String text =
          new String(
                  Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"),
                  StandardCharsets.ISO_8859_1)
              .replaceFirst(
                  "(?m)^Contact: .*$",
                  "Contact: <sip:src@127.0.0.1:" + sip.localPort() + ">;+sip.src");
      SipClient.Sent invite = sip.prepare(text);
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(invite, ok);
      assertThat(sip.exchange(sip.options(), WAIT).status())
          .as("OPTIONS before the SIGTERM")
          .isEqualTo(200);

      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(() -> server.terminate(Duration.ofSeconds(30)));
      String bye;
      try {
        bye = sip.awaitRequest("BYE", WAIT); // draining: our BYE is unanswered for now
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; server log:\n" + server.log(), e);
      }
      SipClient.Response options = sip.exchange(sip.options(), WAIT);
      SipClient.Response refused =
          sip.exchange(
              sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip")), WAIT);
      System.out.printf(
          "[ShutdownIT] while draining: OPTIONS %d %s (Retry-After %s), INVITE %d %s%n",
          options.status(),
          options.reason(),
          options.header("Retry-After"),
          refused.status(),
          refused.reason());
      sip.respond(bye, 200, "OK");

      assertThat(options.status()).isEqualTo(503);
      assertThat(options.reason()).isEqualTo("Server shutting down");
      assertThat(options.header("Retry-After")).isEqualTo("11");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("11");
      assertThat(exit.join()).isZero();
    } finally {
      server.close();
    }
  }
}
