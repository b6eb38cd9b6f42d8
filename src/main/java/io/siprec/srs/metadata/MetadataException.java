package io.siprec.srs.metadata;

/**
 * Metadata we refuse. The message is written for the SIP reason phrase ("Malformed recording
 * metadata: line 12: ..."); {@link #tooLarge()} asks for 413 instead of 400.
 */
public final class MetadataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean tooLarge;

  public MetadataException(String reason) {
    this(reason, false);
  }

  private MetadataException(String reason, boolean tooLarge) {
    super(reason);
    this.tooLarge = tooLarge;
  }

  public static MetadataException tooLarge(int size, int limit) {
    return new MetadataException("Recording metadata of " + size + " bytes exceeds the limit of " + limit, true);
  }

  public boolean tooLarge() {
    return tooLarge;
  }
}
