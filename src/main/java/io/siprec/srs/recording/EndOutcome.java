package io.siprec.srs.recording;

import io.siprec.srs.session.RecordingSessionId;

/** What becomes of a BYE: the session ends (its metadata, if any, already applied), or 481. */
public sealed interface EndOutcome permits EndOutcome.Ending, Refused {

  /**
   * The BYE is good: forget the dialog, {@link SiprecRecorder#end end} the session, then send 200
   * (when the SRC sees it, the last chunks are out and the ports are free).
   */
  record Ending(RecordingSessionId id) implements EndOutcome {}
}
