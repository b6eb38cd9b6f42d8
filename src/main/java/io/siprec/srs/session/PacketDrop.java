package io.siprec.srs.session;

import java.util.Locale;

/**
 * Why an RTP packet that reached a stream's port went no further, named by the stage that dropped
 * it. Together with the packets published, the non-audio packets (DTMF, comfort noise, multiplexed
 * RTCP) and those received while paused, these account for every packet received.
 */
public enum PacketDrop {
  /** Larger than the receive buffer: cut short by the socket, so unreadable. */
  INGRESS_TRUNCATED("ingress", "truncated"),
  /** Not a valid RTP packet (RFC 3550 §5.1: version, padding, extension, CSRC lengths). */
  INGRESS_MALFORMED("ingress", "malformed"),
  /**
   * SRTP packet whose authentication tag did not verify (RFC 3711 §3.3), or too short to carry one.
   */
  INGRESS_SRTP_AUTHENTICATION("ingress", "srtp-authentication"),
  /** SRTP packet whose MKI names none of the line's master keys (RFC 3711 §3.1, RFC 4568 §6.1). */
  INGRESS_SRTP_UNKNOWN_MKI("ingress", "srtp-unknown-mki"),
  /** SRTP packet already received, or older than the replay list (RFC 3711 §3.3.2). */
  INGRESS_SRTP_REPLAY("ingress", "srtp-replay"),
  /** SRTP packet of a master key past its lifetime (RFC 3711 §9.2, RFC 4568 §6.1). */
  INGRESS_SRTP_KEY_EXPIRED("ingress", "srtp-key-expired"),
  /** From another source than the one the stream latched on. */
  INGRESS_FOREIGN_SOURCE("ingress", "foreign-source"),
  /** Arrived after the stream was closed (BYE, shutdown). */
  INGRESS_AFTER_END("ingress", "after-end"),
  /** For a place in the sequence already released or declared lost. */
  REORDER_LATE("reorder", "late"),
  /** A second copy of a packet already held or released. */
  REORDER_DUPLICATE("reorder", "duplicate"),
  /** A payload over the reorder buffer's slot size (no real audio packet is that large). */
  REORDER_OVERSIZE("reorder", "oversize"),
  /** A payload type not negotiated for the stream. */
  DEMUX_UNKNOWN_PAYLOAD_TYPE("demux", "unknown-payload-type"),
  /** A payload the decoder rejected, or of a length no frame of its codec has. */
  DECODE_ERROR("decode", "error"),
  /** Decoded, but every sample fell before the chunk being filled (too late for the timeline). */
  TIMELINE_LATE("timeline", "late");

  private final String stage;
  private final String reason;

  PacketDrop(String stage, String reason) {
    this.stage = stage;
    this.reason = reason;
  }

  public String stage() {
    return stage;
  }

  public String reason() {
    return reason;
  }

  /** {@code stage.reason}, as in the JSON and the metrics. */
  public String key() {
    return stage + "." + reason;
  }

  @Override
  public String toString() {
    return key().toLowerCase(Locale.ROOT);
  }
}
