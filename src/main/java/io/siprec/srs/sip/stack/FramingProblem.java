package io.siprec.srs.sip.stack;

/**
 * Why a message could not be framed, as the status and reason phrase it is answered with. Reason
 * phrases stay ASCII and name the RFC clause, so an SBC's trace says what to fix.
 */
record FramingProblem(int status, String reason) {
  FramingProblem {
    if (status < 400
        || status > 699
        || reason.isBlank()
        || reason.indexOf('\r') >= 0
        || reason.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("not a refusal: " + status + " " + reason);
    }
  }

  /** RFC 3261 §18.3, §20.14: a stream has no other way to say where the body ends. */
  static FramingProblem contentLengthMissingOnStream() {
    return new FramingProblem(400, "Content-Length required on stream transports (RFC 3261 18.3)");
  }

  static FramingProblem contentLengthNotANumber() {
    return new FramingProblem(400, "Content-Length is not a decimal number (RFC 3261 20.14)");
  }

  static FramingProblem contentLengthsDisagree() {
    return new FramingProblem(400, "Content-Length headers disagree");
  }

  /**
   * RFC 3261 §18.3: "If the transport packet ends before the end of the message body, this is
   * considered an error."
   */
  static FramingProblem datagramShorterThanContentLength(int declared, int available) {
    return new FramingProblem(
        400,
        "Content-Length "
            + declared
            + " exceeds the "
            + available
            + " body bytes in the datagram (RFC 3261 18.3)");
  }

  /** The stack's bound on one message (gov.nist.javax.sip.MAX_MESSAGE_SIZE). */
  static FramingProblem tooLarge(int limit) {
    return new FramingProblem(413, "Message larger than " + limit + " bytes");
  }
}
