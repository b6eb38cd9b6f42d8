package io.siprec.srs.media.rtp;

import io.siprec.srs.session.RtcpFigures;
import java.nio.ByteBuffer;

/**
 * Reads one stream's RTCP (RFC 3550 §6): compound packets on the RTCP port or multiplexed on the
 * RTP port. Keeps what the SRC tells about itself in sender reports (how many packets and octets it
 * sent, and the NTP wall-clock time of an RTP timestamp: the clock mapping) and what its report
 * blocks say (loss and jitter as seen by the receiver they describe).
 *
 * <p>Validation follows RFC 3550 A.2: version 2, every packet's length inside the datagram, the
 * lengths adding up exactly, padding only on the last. A compound packet that fails is counted and
 * ignored as a whole. Reduced-size RTCP (RFC 5506, not starting with SR or RR) is accepted.
 *
 * <p>Allocates nothing. Single-threaded: on the stream's loop thread; figures are read through
 * {@link #figures}, which copies volatile fields.
 */
final class RtcpReader {
  private static final int SR = 200;
  private static final int RR = 201;
  private static final int BYE = 203;
  private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

  private volatile long packets;
  private volatile long malformed;
  private volatile long senderReports;
  private volatile long receiverReports;
  private volatile long byes;
  private volatile long srcPacketsSent = -1;
  private volatile long srcOctetsSent = -1;
  private volatile int reportedFractionLost = -1; // 1/256 units
  private volatile long reportedCumulativeLost;
  private volatile long reportedJitter = -1; // RTP clock units
  private volatile long authFailures;

  // The last sender report: its SSRC, the wall-clock time it gives and the RTP timestamp at it.
  private long mappedSsrc;
  private long mappedNtpMillis;
  private long mappedTimestamp;
  private boolean mapped;

  /**
   * Reads the compound packet between the buffer's position and limit. @return false if malformed
   */
  boolean read(ByteBuffer b) {
    int at = b.position();
    int end = b.limit();
    if (!valid(b, at, end)) {
      malformed++;
      return false;
    }
    packets++;
    while (at < end) {
      int first = b.get(at) & 0xff;
      int count = first & 0x1f;
      int type = b.get(at + 1) & 0xff;
      int length = ((b.get(at + 2) & 0xff) << 8 | (b.get(at + 3) & 0xff)) * 4 + 4;
      if (type == SR && length >= 28) {
        senderReport(b, at);
        reportBlocks(b, at + 28, count, at + length);
      } else if (type == RR && length >= 8) {
        receiverReports++;
        reportBlocks(b, at + 8, count, at + length);
      } else if (type == BYE) {
        byes++;
      }
      at += length;
    }
    return true;
  }

  /** A datagram too long to be RTCP. */
  void malformed() {
    malformed++;
  }

  /** An SRTCP packet refused: not authentic, unknown MKI, replayed, or its key expired. */
  void authenticationFailed() {
    authFailures++;
  }

  private static boolean valid(ByteBuffer b, int at, int end) {
    if (end - at < 4) {
      return false;
    }
    while (at < end) {
      if (end - at < 4) {
        return false;
      }
      int first = b.get(at) & 0xff;
      int type = b.get(at + 1) & 0xff;
      if ((first >>> 6) != 2 || type < 192 || type > 223) {
        return false;
      }
      int length = ((b.get(at + 2) & 0xff) << 8 | (b.get(at + 3) & 0xff)) * 4 + 4;
      if (length > end - at) {
        return false;
      }
      boolean padding = (first & 0x20) != 0;
      if (padding && at + length != end) {
        return false; // only the last packet of a compound may be padded
      }
      at += length;
    }
    return at == end;
  }

  private void senderReport(ByteBuffer b, int at) {
    senderReports++;
    long ssrc = b.getInt(at + 4) & 0xffffffffL;
    long seconds = b.getInt(at + 8) & 0xffffffffL;
    long fraction = b.getInt(at + 12) & 0xffffffffL;
    mappedSsrc = ssrc;
    mappedNtpMillis =
        (seconds - NTP_TO_UNIX_SECONDS) * 1000 + ((fraction * 1000 + (1L << 31)) >>> 32);
    mappedTimestamp = b.getInt(at + 16) & 0xffffffffL;
    mapped = true;
    srcPacketsSent = b.getInt(at + 20) & 0xffffffffL;
    srcOctetsSent = b.getInt(at + 24) & 0xffffffffL;
  }

  private void reportBlocks(ByteBuffer b, int at, int count, int end) {
    // The first block is kept: an SRC reports on at most the one source it receives (usually none).
    if (count > 0 && at + 24 <= end) {
      reportedFractionLost = b.get(at + 4) & 0xff;
      int cumulative =
          (b.get(at + 5) & 0xff) << 16 | (b.get(at + 6) & 0xff) << 8 | (b.get(at + 7) & 0xff);
      reportedCumulativeLost = (cumulative << 8) >> 8; // signed 24 bits
      reportedJitter = b.getInt(at + 12) & 0xffffffffL;
    }
  }

  /**
   * The SRC's wall-clock time of an RTP timestamp of source {@code ssrc}, from its latest sender
   * report, in epoch milliseconds; -1 when it has sent none for that source.
   */
  long wallClockOf(long ssrc, long timestamp, int clockRate) {
    if (!mapped || ssrc != mappedSsrc || clockRate <= 0) {
      return -1;
    }
    int delta = (int) (timestamp - mappedTimestamp); // signed distance modulo 2^32
    return mappedNtpMillis + (long) delta * 1000 / clockRate;
  }

  RtcpFigures figures(int clockRate) {
    long jitter = reportedJitter;
    int fraction = reportedFractionLost;
    return new RtcpFigures(
        packets,
        malformed,
        authFailures,
        senderReports,
        receiverReports,
        byes,
        srcPacketsSent,
        srcOctetsSent,
        fraction < 0 ? -1 : fraction / 256.0,
        reportedCumulativeLost,
        jitter < 0 || clockRate <= 0 ? -1 : jitter * 1000.0 / clockRate);
  }
}
