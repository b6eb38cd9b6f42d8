package io.siprec.srs.testsupport;

import java.nio.ByteBuffer;

/** Builds RTP packets (RFC 3550 §5.1) for tests and the test RTP sender. */
public final class RtpPackets {
  private RtpPackets() {}

  public static ByteBuffer packet(int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
    return packet(payloadType, false, sequence, timestamp, ssrc, payload, 0, 0, 0);
  }

  /**
   * @param csrcs number of (zero) CSRC entries
   * @param extensionWords length of a header extension in 32-bit words, or -1 for none
   * @param padding padding bytes to append (0 for none)
   */
  public static ByteBuffer packet(int payloadType, boolean marker, int sequence, long timestamp, long ssrc,
      byte[] payload, int csrcs, int extensionWords, int padding) {
    int extension = extensionWords > 0 ? 4 + 4 * extensionWords : 0;
    ByteBuffer b = ByteBuffer.allocate(12 + 4 * csrcs + extension + payload.length + padding);
    b.put((byte) (0x80 | (padding > 0 ? 0x20 : 0) | (extension > 0 ? 0x10 : 0) | csrcs));
    b.put((byte) ((marker ? 0x80 : 0) | payloadType));
    b.putShort((short) sequence);
    b.putInt((int) timestamp);
    b.putInt((int) ssrc);
    for (int i = 0; i < csrcs; i++) {
      b.putInt(0x1000 + i);
    }
    if (extension > 0) {
      b.putShort((short) 0xBEDE);
      b.putShort((short) extensionWords);
      for (int i = 0; i < extensionWords; i++) {
        b.putInt(0);
      }
    }
    b.put(payload);
    for (int i = 0; i < padding; i++) {
      b.put((byte) (i == padding - 1 ? padding : 0));
    }
    b.flip();
    return b;
  }
}
