package io.siprec.srs.recording;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What becomes of a re-INVITE or UPDATE in a recording dialog. */
public sealed interface ChangeOutcome permits ChangeOutcome.Changed, Refused {

  /**
   * A 200 OK to send; once it is out, hand this to {@link SiprecRecorder#changeDelivered}.
   *
   * @param sdp our answer, or "" for a 200 without a body (an UPDATE that carried metadata only)
   * @param headers Supported, Allow, Session-Expires
   * @param dialog what the dialog keeps from now on
   * @param sessionExpiry when the session ends without a refresh (RFC 4028), empty for no timer
   */
  record Changed(
      String sdp,
      List<ResponseHeader> headers,
      DialogState dialog,
      Optional<Duration> sessionExpiry)
      implements ChangeOutcome {
    public Changed {
      headers = List.copyOf(headers);
    }
  }
}
