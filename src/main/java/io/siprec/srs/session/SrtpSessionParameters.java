package io.siprec.srs.session;

/**
 * The SDES session parameters (RFC 4568 §6.3) of an SRTP stream we receive.
 *
 * @param keyDerivationRate KDR=n: session keys are derived anew every 2^n packets (RFC 3711
 *     §4.3.1); 0 when the line has none (one derivation)
 * @param unencryptedSrtp UNENCRYPTED_SRTP: payloads are not encrypted, only authenticated
 * @param unencryptedSrtcp UNENCRYPTED_SRTCP: SRTCP is not encrypted (its E flag is clear)
 * @param unauthenticatedSrtp UNAUTHENTICATED_SRTP: SRTP packets carry no authentication tag
 * @param windowSizeHint WSH: the replay window the sender suggests, in packets; 0 when absent
 */
public record SrtpSessionParameters(
    int keyDerivationRate,
    boolean unencryptedSrtp,
    boolean unencryptedSrtcp,
    boolean unauthenticatedSrtp,
    int windowSizeHint) {

  /** None given: the suite's defaults. */
  public static final SrtpSessionParameters DEFAULT =
      new SrtpSessionParameters(0, false, false, false, 0);

  public SrtpSessionParameters {
    if (keyDerivationRate < 0 || keyDerivationRate > 24) {
      throw new IllegalArgumentException("KDR is 2^1 to 2^24 (RFC 4568 §6.3.1)");
    }
    if (windowSizeHint < 0) {
      throw new IllegalArgumentException("a window size is not negative");
    }
  }
}
