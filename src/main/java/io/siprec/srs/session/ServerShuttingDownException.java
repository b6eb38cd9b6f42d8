package io.siprec.srs.session;

/**
 * The server started to shut down between an INVITE's first look and its session: the SRC is
 * refused as it would have been a moment later (503, retry elsewhere), never answered and then
 * forgotten by the drain.
 */
public final class ServerShuttingDownException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ServerShuttingDownException() {
    super("the server is shutting down");
  }
}
