package io.siprec.srs.recording;

import io.siprec.srs.session.RecordingSession;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What becomes of an initial INVITE: answered with our SDP, or refused. */
public sealed interface StartOutcome permits StartOutcome.Answered, Refused {

  /**
   * A 200 OK to send. The session exists nowhere else yet: once the answer is out, hand this to
   * {@link SiprecRecorder#answerDelivered}; if it could not be sent, to {@link
   * SiprecRecorder#answerLost}.
   *
   * @param sdp our answer
   * @param headers Warning (one per refused m= line), Require, Supported, Allow, Session-Expires
   * @param dialog what the dialog keeps for its next requests
   * @param sessionExpiry when the session ends without a refresh (RFC 4028), empty for no timer
   */
  record Answered(
      RecordingSession session,
      String sdp,
      List<ResponseHeader> headers,
      DialogState dialog,
      Optional<Duration> sessionExpiry)
      implements StartOutcome {
    public Answered {
      headers = List.copyOf(headers);
    }
  }
}
