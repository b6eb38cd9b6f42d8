package io.siprec.srs.session;

/** A command named a recording session that is not (or no longer) live. */
public final class UnknownSessionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownSessionException(RecordingSessionId id) {
    super("no live recording session " + id);
  }
}
