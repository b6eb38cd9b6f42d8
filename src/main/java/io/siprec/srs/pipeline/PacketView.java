package io.siprec.srs.pipeline;

import java.nio.ByteBuffer;

/**
 * The header fields and payload of one received RTP packet (RFC 3550 §5.1), unsigned fields already
 * widened: what the reorder buffer copies. Implemented by the ingress's packet view. Borrowed:
 * valid for the call only.
 */
public interface PacketView {
  int payloadType();

  boolean marker();

  /** 0..65535. */
  int sequence();

  /** 0..2^32-1. */
  long timestamp();

  /** 0..2^32-1. */
  long ssrc();

  /** Where the payload starts in {@link #buffer()}. */
  int payloadOffset();

  int payloadLength();

  /** The datagram's buffer; absolute reads only. */
  ByteBuffer buffer();
}
