package io.siprec.srs.session;

/** Port for what the media engine notices in a stream and the session events must report. */
public interface MediaEvents {

  /** A DTMF key press ended. Called on a media thread: must not block. */
  void dtmf(RecordingSessionId session, StreamLabel label, DtmfTone tone);

  /**
   * A stream that is recording received nothing for {@code quietMillis} without any signalling
   * ({@code silent = true}), or started receiving again ({@code silent = false}).
   */
  void silence(RecordingSessionId session, StreamLabel label, boolean silent, long quietMillis);
}
