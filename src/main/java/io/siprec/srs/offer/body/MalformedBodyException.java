package io.siprec.srs.offer.body;

/**
 * A request body we cannot read. The message is written for the SIP reason phrase of the 400
 * answer, so it names the problem in a few words ("multipart body without boundary parameter").
 */
public final class MalformedBodyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedBodyException(String reason) {
    super(reason);
  }
}
