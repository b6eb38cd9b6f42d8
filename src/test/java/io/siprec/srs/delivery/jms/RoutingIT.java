package io.siprec.srs.delivery.jms;

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
 * Routing rules over a real call: the agent's stream (a participant at pbx.example.org) goes to its
 * own audio queue, the customer's stays on the default one; the session's events, whose
 * participants include the carrier's customer, go to the carrier's events queue. Each stream is
 * whole on its queue.
 */
class RoutingIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int PACKETS = 50;

  @Test
  void streamsAndEventsGoWhereTheRulesSay() throws Exception {
    try (SrsServerProcess server =
            SrsServerProcess.named("routing")
                .env("SRS_JMS_AUDIO_ROUTES", "aor:*@pbx.example.org=asr.agents")
                .env(
                    "SRS_JMS_EVENTS_ROUTES",
                    "vendor:nobody=x.never;aor:*@carrier.example.net=events.carrier")
                .start();
        JmsProbe defaults = JmsProbe.loggedIn(server.consumerLogin());
        JmsProbe routed =
            JmsProbe.loggedIn(server.consumerLogin(), "asr.agents", "events.carrier");
        SipClient sip = SipClient.to(server)) {
      SipClient.Sent invite =
          sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
      SipClient.Response ok = sip.exchange(invite, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(invite, ok);
      int mark = routed.mark();
      String id = routed.awaitSessionStartedAfter(mark, WAIT);

      Matcher port = Pattern.compile("m=audio (\\d+) ").matcher(ok.body());
      List<CompletableFuture<Integer>> sent = new ArrayList<>();
      List<PacedRtpSender> senders = new ArrayList<>();
      for (int leg = 0; port.find(); leg++) {
        PacedRtpSender s =
            new PacedRtpSender(server.ports.peerMedia() + 2 * leg, 0x700 + leg, null);
        senders.add(s);
        sent.add(
            s.send(
                RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, PACKETS),
                new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)))));
      }
      sent.forEach(CompletableFuture::join);
      senders.forEach(PacedRtpSender::close);
      assertThat(sip.bye(invite, ok).status()).isEqualTo(200);
      routed.awaitEvent(id, "session.ended", WAIT);
      routed.awaitLastChunks(id, WAIT, "2");
      defaults.awaitLastChunks(id, WAIT, "1");

      assertThat(routed.chunks(id, "2").stream().mapToLong(JmsProbe.Chunk::samples).sum())
          .isEqualTo(PACKETS * 320L);
      assertThat(defaults.chunks(id, "1").stream().mapToLong(JmsProbe.Chunk::samples).sum())
          .isEqualTo(PACKETS * 320L);
      // Both streams are whole where they belong, so no chunk of theirs went elsewhere.
      assertThat(defaults.chunks(id, "2"))
          .as("the agent's stream is not on the default queue")
          .isEmpty();
      assertThat(routed.chunks(id, "1")).isEmpty();
      // A marker whose events belong on the default queue (no carrier participant): the server
      // sends events in order, so once its session.started is there, any of this session's would
      // be.
      SipClient.Sent marker = sip.prepare(Fixtures.bytes("siprec-corpus/02_cisco_cube_invite.sip"));
      SipClient.Response markerOk = sip.exchange(marker, WAIT);
      assertThat(markerOk.status()).isEqualTo(200);
      sip.ack(marker, markerOk);
      JmsProbe.Event markerStarted = defaults.awaitSessionStartedOf(marker.callId(), WAIT);
      assertThat(sip.bye(marker, markerOk).status()).isEqualTo(200);
      assertThat(defaults.eventsBetween(0, markerStarted))
          .as("events on the default queue before the marker's")
          .isEmpty();
      assertThat(defaults.events(id))
          .as("the session's events are all on the carrier's queue")
          .isEmpty();
      assertThat(routed.events(id))
          .extracting(JmsProbe.Event::type)
          .contains("session.started", "session.ended");
    }
  }
}
