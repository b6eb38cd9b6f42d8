package io.siprec.srs.testsupport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds RTCP packets (RFC 3550 §6.4) as an SRC sends them, for tests and the paced sender. */
public final class RtcpPackets {
  private RtcpPackets() {}

  private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

  /** One report block (RFC 3550 §6.4.1). */
  public record ReportBlock(
      long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter) {}

  /**
   * A compound packet: a sender report (with the given block, if any) followed by an SDES CNAME, as
   * RFC 3550 §6.1 requires.
   *
   * @param wallClockMillis the sender's wall-clock time, epoch ms, that {@code rtpTimestamp}
   *     corresponds to
   */
  public static ByteBuffer senderReport(
      long ssrc,
      long wallClockMillis,
      long rtpTimestamp,
      long packetCount,
      long octetCount,
      ReportBlock block) {
    ByteBuffer b = ByteBuffer.allocate(28 + (block == null ? 0 : 24) + 20);
    b.put((byte) (0x80 | (block == null ? 0 : 1)));
    b.put((byte) 200);
    b.putShort((short) ((28 + (block == null ? 0 : 24)) / 4 - 1));
    b.putInt((int) ssrc);
    long seconds = wallClockMillis / 1000 + NTP_TO_UNIX_SECONDS;
    long fraction = ((wallClockMillis % 1000) << 32) / 1000;
    b.putInt((int) seconds);
    b.putInt((int) fraction);
    b.putInt((int) rtpTimestamp);
    b.putInt((int) packetCount);
    b.putInt((int) octetCount);
    if (block != null) {
      putBlock(b, block);
    }
    sdes(b, ssrc);
    b.flip();
    return b;
  }

  /** A receiver report with one block, then SDES. */
  public static ByteBuffer receiverReport(long ssrc, ReportBlock block) {
    ByteBuffer b = ByteBuffer.allocate(8 + 24 + 20);
    b.put((byte) 0x81);
    b.put((byte) 201);
    b.putShort((short) ((8 + 24) / 4 - 1));
    b.putInt((int) ssrc);
    putBlock(b, block);
    sdes(b, ssrc);
    b.flip();
    return b;
  }

  /** A BYE for one source. */
  public static ByteBuffer bye(long ssrc) {
    ByteBuffer b = ByteBuffer.allocate(8);
    b.put((byte) 0x81).put((byte) 203).putShort((short) 1).putInt((int) ssrc);
    b.flip();
    return b;
  }

  private static void putBlock(ByteBuffer b, ReportBlock block) {
    b.putInt((int) block.ssrc());
    b.put((byte) block.fractionLost());
    b.put((byte) (block.cumulativeLost() >> 16))
        .put((byte) (block.cumulativeLost() >> 8))
        .put((byte) block.cumulativeLost());
    b.putInt((int) block.highestSequence());
    b.putInt((int) block.jitter());
    b.putInt(0); // LSR
    b.putInt(0); // DLSR
  }

  /** SDES with one CNAME item "src@test" (8 octets): 4 header + 4 SSRC + 2 + 8 + 2 null = 20. */
  private static void sdes(ByteBuffer b, long ssrc) {
    b.put((byte) 0x81).put((byte) 202).putShort((short) 4);
    b.putInt((int) ssrc);
    b.put((byte) 1).put((byte) 8).put("src@test".getBytes(StandardCharsets.US_ASCII));
    b.put((byte) 0).put((byte) 0);
  }
}
