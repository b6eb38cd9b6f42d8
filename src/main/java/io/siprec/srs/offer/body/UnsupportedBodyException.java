package io.siprec.srs.offer.body;

/** A request body of a type we do not take (answered 415 with our Accept list). */
public final class UnsupportedBodyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String mediaType;

  public UnsupportedBodyException(String mediaType) {
    super("unsupported body type " + mediaType);
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }
}
