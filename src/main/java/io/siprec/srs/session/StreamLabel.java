package io.siprec.srs.session;

/**
 * Names one recorded stream within its session: the SDP {@code a=label} value (RFC 4574) that the
 * metadata's {@code <stream><label>} refers to. Labels are whatever the SRC chose: "1", "16777227",
 * "0", "a_leg", "inbound". A stream offered without a label gets {@link #ofIndex}.
 */
public record StreamLabel(String value) {
  /**
   * The label of a session's stereo mix (caller left, callee right), published beside its streams.
   */
  public static final StreamLabel MIX = new StreamLabel("mix");

  public StreamLabel {
    if (value == null || value.isEmpty() || value.length() > 256) {
      throw new IllegalArgumentException("stream label must have 1 to 256 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        throw new IllegalArgumentException("stream label has a space or control character");
      }
    }
  }

  /** The label given to an unlabelled stream: its m= line position, counted from 1. */
  public static StreamLabel ofIndex(int mediaIndex) {
    return new StreamLabel("mline" + (mediaIndex + 1));
  }

  @Override
  public String toString() {
    return value;
  }
}
