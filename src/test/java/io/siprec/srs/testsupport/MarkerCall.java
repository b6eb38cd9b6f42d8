package io.siprec.srs.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/**
 * The positive control for "that request started no session": the reference call, placed after the
 * request under test and ended again. The server publishes its events from one sender, in the order
 * they happen, and the consumer reads them in that order; so once the marker's session.started has
 * arrived, anything the earlier request set off has arrived before it.
 */
public final class MarkerCall {
  private static final String REFERENCE = "siprec-corpus/01_rfc7866_reference_invite.sip";

  private MarkerCall() {}

  /**
   * Places and ends the marker call. @return the events received from {@code mark} until the
   * marker's session.started: what the requests before the marker set off
   */
  public static List<JmsProbe.Event> eventsBefore(
      SrsServerProcess server, JmsProbe jms, int mark, Duration timeout) {
    try (SipClient sip = SipClient.to(server)) {
      SipClient.Sent invite = sip.prepare(Fixtures.bytes(REFERENCE));
      SipClient.Response ok = sip.exchange(invite, timeout);
      assertThat(ok.status()).as("the marker call is answered\n%s", ok.raw()).isEqualTo(200);
      sip.ack(invite, ok);
      JmsProbe.Event started = jms.awaitSessionStartedOf(invite.callId(), timeout);
      List<JmsProbe.Event> before = jms.eventsBetween(mark, started);
      assertThat(sip.bye(invite, ok).status()).as("the marker call ends").isEqualTo(200);
      jms.awaitEvent(started.sessionId(), "session.ended", timeout);
      return before;
    }
  }
}
