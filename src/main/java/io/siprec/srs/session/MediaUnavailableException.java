package io.siprec.srs.session;

/** No media resources (ports, sockets) for a new stream: the session cannot be accepted now. */
public final class MediaUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public MediaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
