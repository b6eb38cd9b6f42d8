package io.siprec.srs.media.rtp;

import io.siprec.srs.pipeline.stages.ReorderStage;
import java.nio.ByteBuffer;

/**
 * A reusable view of one RTP packet (RFC 3550 §5.1) in a receive buffer. {@link #wrap} checks the
 * header and fills the fields; nothing is copied or allocated. Unsigned header fields are widened
 * here, once: sequence 0..65535, timestamp and SSRC 0..2^32-1 as longs.
 *
 * <p>Borrows the buffer: valid until the buffer is reused for the next datagram.
 */
public final class RtpPacket implements ReorderStage.Arrival {
  /** The fixed header: V/P/X/CC, M/PT, sequence, timestamp, SSRC. */
  public static final int FIXED_HEADER = 12;

  private ByteBuffer buffer;
  private int payloadType;
  private boolean marker;
  private int sequence;
  private long timestamp;
  private long ssrc;
  private int payloadOffset;
  private int payloadLength;
  private long arrivalNanos;
  private long arrivalMillis;

  /**
   * Reads the header of the datagram between the buffer's position and limit.
   *
   * @return false if it is not a well-formed RTP version 2 packet (too short, wrong version, CSRC
   *     list, extension or padding running past the end)
   */
  public boolean wrap(ByteBuffer datagram) {
    int start = datagram.position();
    int length = datagram.remaining();
    if (length < FIXED_HEADER) {
      return false;
    }
    int b0 = datagram.get(start) & 0xff;
    if ((b0 >>> 6) != 2) {
      return false;
    }
    boolean padding = (b0 & 0x20) != 0;
    boolean extension = (b0 & 0x10) != 0;
    int csrcCount = b0 & 0x0f;
    int b1 = datagram.get(start + 1) & 0xff;
    int offset = FIXED_HEADER + 4 * csrcCount;
    if (offset > length) {
      return false;
    }
    if (extension) {
      if (offset + 4 > length) {
        return false;
      }
      int words = datagram.getShort(start + offset + 2) & 0xffff;
      offset += 4 + 4 * words;
      if (offset > length) {
        return false;
      }
    }
    int end = length;
    if (padding) {
      int pad = datagram.get(start + length - 1) & 0xff;
      if (pad == 0 || offset + pad > length) {
        return false;
      }
      end -= pad;
    }
    this.buffer = datagram;
    this.marker = (b1 & 0x80) != 0;
    this.payloadType = b1 & 0x7f;
    this.sequence = datagram.getShort(start + 2) & 0xffff;
    this.timestamp = datagram.getInt(start + 4) & 0xffffffffL;
    this.ssrc = datagram.getInt(start + 8) & 0xffffffffL;
    this.payloadOffset = start + offset;
    this.payloadLength = end - offset;
    return true;
  }

  /** When the datagram arrived (monotonic nanos, wall-clock millis). */
  public void arrived(long nanos, long millis) {
    this.arrivalNanos = nanos;
    this.arrivalMillis = millis;
  }

  @Override
  public long arrivalNanos() {
    return arrivalNanos;
  }

  @Override
  public long arrivalMillis() {
    return arrivalMillis;
  }

  @Override
  public int payloadType() {
    return payloadType;
  }

  @Override
  public boolean marker() {
    return marker;
  }

  /** 0..65535. */
  @Override
  public int sequence() {
    return sequence;
  }

  /** 0..2^32-1. */
  @Override
  public long timestamp() {
    return timestamp;
  }

  /** 0..2^32-1. */
  @Override
  public long ssrc() {
    return ssrc;
  }

  /** Absolute index of the payload's first byte in {@link #buffer()}. */
  @Override
  public int payloadOffset() {
    return payloadOffset;
  }

  @Override
  public int payloadLength() {
    return payloadLength;
  }

  @Override
  public ByteBuffer buffer() {
    return buffer;
  }

  /** RTCP packet types 200-204 arrive with the marker bit set in what would be the PT byte. */
  public static boolean looksLikeRtcp(ByteBuffer datagram) {
    if (datagram.remaining() < 2) {
      return false;
    }
    int type = datagram.get(datagram.position() + 1) & 0xff;
    return type >= 200 && type <= 207; // SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR (RFC 5761 §4)
  }
}
