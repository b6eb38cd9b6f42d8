package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.UdpSockets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * srs.sip.allowed-sources over real SIP: the server allows only 127.0.0.2; a peer on 127.0.0.1 gets
 * 403 for everything and starts nothing, the allowed one records as usual.
 */
class AccessControlIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void onlyAllowedSourcesMayRecord() throws Exception {
    try (SrsServerProcess server =
            SrsServerProcess.named("access")
                .env("SRS_SIP_ALLOWED_SOURCES", "127.0.0.2/32")
                .start();
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin());
        SipClient stranger = SipClient.to(server);
        SipClient sbc = SipClient.fromAddress(server, "127.0.0.2")) {
      int mark = jms.mark();
      SipClient.Response options = stranger.exchange(stranger.options(), WAIT);
      SipClient.Response invite =
          stranger.exchange(
              stranger.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip")),
              WAIT);
      assertThat(options.status()).isEqualTo(403);
      assertThat(invite.status()).isEqualTo(403);
      assertThat(invite.reason()).isEqualTo("Source not allowed");
      assertThat(UdpSockets.boundInRange(server.mediaMin, server.mediaMax))
          .as("no port for a stranger")
          .isZero();

      assertThat(sbc.exchange(sbc.options(), WAIT).status()).isEqualTo(200);
      SipClient.Sent call =
          sbc.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
      SipClient.Response ok = sbc.exchange(call, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sbc.ack(call, ok);
      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      assertThat(sbc.bye(call, ok).status()).isEqualTo(200);
      jms.awaitEvent(id, "session.ended", WAIT);
      assertThat(jms.events().subList(mark, jms.events().size()))
          .filteredOn(e -> e.type().equals("session.started"))
          .hasSize(1);
      assertThat(server.log()).contains("not in srs.sip.allowed-sources");
    }
  }
}
