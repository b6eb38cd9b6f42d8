package io.siprec.srs.offer.sdp;

/** SDP we cannot use; the message names the line and the problem, for the SIP reason phrase. */
public final class SdpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;

  public SdpException(int line, String problem) {
    super(line > 0 ? "SDP line " + line + ": " + problem : "SDP: " + problem);
    this.line = line;
  }

  /** The 1-based line number, or 0 when the problem is not on one line. */
  public int line() {
    return line;
  }
}
