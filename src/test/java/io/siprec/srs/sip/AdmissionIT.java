package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.PacedRtpSender;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Admission control over real SIP: with srs.sessions.max=2, a third INVITE while two calls record
 * gets 503 with Retry-After, OPTIONS says 503 too (so an SBC's recording group moves on), and the
 * two calls lose nothing; once they end, the server takes calls again.
 */
class AdmissionIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int PACKETS = 150;

  @Test
  void aFullServerRefusesNewCallsWith503AndTheLiveOnesLoseNothing() throws Exception {
    try (SrsServerProcess server =
            SrsServerProcess.named("admission")
                .env("SRS_SESSIONS_MAX", "2")
                .env("SRS_SIP_RETRY_AFTER_SECONDS", "17")
                .start();
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin());
        SipClient sip = SipClient.to(server)) {
      int mark = jms.mark();
      List<SipClient.Sent> invites = new ArrayList<>();
      List<SipClient.Response> answers = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        SipClient.Sent invite =
            sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
        SipClient.Response ok = sip.exchange(invite, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        sip.ack(invite, ok);
        invites.add(invite);
        answers.add(ok);
      }
      List<PacedRtpSender> senders = new ArrayList<>();
      List<CompletableFuture<Integer>> sent = new ArrayList<>();
      byte[] tone = Fixtures.bytes("sipp/audio/leg1_1khz.ulaw");
      for (int i = 0; i < 2; i++) {
        Matcher port = Pattern.compile("m=audio (\\d+) ").matcher(answers.get(i).body());
        for (int leg = 0; leg < 2 && port.find(); leg++) {
          PacedRtpSender s =
              new PacedRtpSender(
                  server.ports.peerMedia() + 20 + 2 * senders.size(), 0x300 + senders.size(), null);
          senders.add(s);
          sent.add(
              s.send(
                  RtpPlan.everyTwentyMillis(tone, 0, PACKETS),
                  new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)))));
        }
      }
      List<String> ids = startedSince(jms, mark, 2);
      for (String id : ids) {
        jms.awaitChunks(id, 2, WAIT, "1", "2"); // the calls are recording
      }

      SipClient.Response refused =
          sip.exchange(
              sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip")), WAIT);
      SipClient.Response options = sip.exchange(sip.options(), WAIT);
      System.out.printf(
          "[AdmissionIT] third INVITE: %d %s, Retry-After %s; OPTIONS: %d%n",
          refused.status(), refused.reason(), refused.header("Retry-After"), options.status());
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.reason()).isEqualTo("Too many recording sessions");
      assertThat(refused.header("Retry-After")).isEqualTo("17");
      assertThat(options.status()).isEqualTo(503);
      assertThat(options.header("Retry-After")).isEqualTo("17");

      sent.forEach(CompletableFuture::join);
      senders.forEach(PacedRtpSender::close);
      for (int i = 0; i < 2; i++) {
        assertThat(sip.bye(invites.get(i), answers.get(i)).status()).isEqualTo(200);
      }
      for (String id : ids) {
        jms.awaitEvent(id, "session.ended", WAIT);
      }
      // Both calls' ends were published after the refusal: a session it had started would show.
      assertThat(jms.events().subList(mark, jms.events().size()))
          .filteredOn(e -> e.type().equals("session.started"))
          .extracting(JmsProbe.Event::sessionId)
          .as("sessions started: the refused INVITE's would be a third")
          .containsExactlyInAnyOrderElementsOf(ids);
      for (String id : ids) {
        jms.awaitLastChunks(id, WAIT, "1", "2");
        for (String label : List.of("1", "2")) {
          long samples = jms.chunks(id, label).stream().mapToLong(JmsProbe.Chunk::samples).sum();
          assertThat(samples)
              .as("session %s stream %s: every sample of the call", id, label)
              .isEqualTo(PACKETS * 320L);
        }
      }

      assertThat(sip.exchange(sip.options(), WAIT).status()).isEqualTo(200);
      SipClient.Sent again =
          sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
      SipClient.Response ok = sip.exchange(again, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(again, ok);
      assertThat(sip.bye(again, ok).status()).isEqualTo(200);
    }
  }

  /** The first {@code count} sessions started after {@code mark}, waiting for them. */
  private static List<String> startedSince(JmsProbe jms, int mark, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> ids =
          jms.events().stream()
              .skip(mark)
              .filter(e -> e.type().equals("session.started"))
              .map(JmsProbe.Event::sessionId)
              .toList();
      if (ids.size() >= count) {
        return ids.subList(0, count);
      }
      SrsServerProcess.sleepQuietly(20);
    }
    throw new AssertionError("fewer than " + count + " sessions started within " + WAIT);
  }
}
