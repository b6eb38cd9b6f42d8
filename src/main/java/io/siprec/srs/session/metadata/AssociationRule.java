package io.siprec.srs.session.metadata;

/**
 * How the streams of a session were tied to its participants; recorded so consumers know how sure
 * it is.
 */
public enum AssociationRule {
  /** RFC 7865 {@code <participantstreamassoc>} elements. */
  PARTICIPANT_STREAM_ASSOC,
  /**
   * {@code <send>}/{@code <recv>} inside {@code <participant>} (Oracle, AudioCodes legacy,
   * BroadWorks).
   */
  PARTICIPANT_SEND_RECV,
  /** Neither: the n-th participant sends the n-th stream (OpenSIPS writes no associations). */
  POSITIONAL,
  /** No metadata: participants from SIP headers (Cisco network-based recording), positionally. */
  SIP_HEADERS,
  /** Nothing to go by. */
  NONE
}
