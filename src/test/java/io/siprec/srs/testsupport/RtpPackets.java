package io.siprec.srs.testsupport;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/** Builds RTP packets (RFC 3550 §5.1) for tests and the test RTP sender. */
public final class RtpPackets {
  private RtpPackets() {}

  /**
   * Twenty milliseconds of silence in the named codec (an SDP rtpmap encoding name), encoded as a
   * real sender would, so the SRS decodes it rather than counting a decode error.
   *
   * @return payload bytes, plus the RTP timestamp step for 20 ms at the codec's clock rate
   */
  public static Payload silence20ms(String encodingName) {
    switch (encodingName.toUpperCase(Locale.ROOT)) {
      case "PCMA":
        return new Payload(filled(160, (byte) 0xD5), 160);
      case "G722":
        return new Payload(filled(160, (byte) 0xFF), 160);
      case "G729":
        return new Payload(new byte[20], 160);
      case "OPUS":
        try {
          OpusEncoder encoder = new OpusEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
          byte[] out = new byte[400];
          int n = encoder.encode(new short[960], 0, 960, out, 0, out.length);
          return new Payload(Arrays.copyOf(out, n), 960);
        } catch (OpusException e) {
          throw new IllegalStateException(e);
        }
      default:
        return new Payload(filled(160, (byte) 0xFF), 160);
    }
  }

  /** An RTP payload and how far the RTP timestamp advances over it. */
  public record Payload(byte[] bytes, int timestampStep) {}

  private static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    Arrays.fill(b, value);
    return b;
  }

  public static ByteBuffer packet(
      int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
    return packet(payloadType, false, sequence, timestamp, ssrc, payload, 0, 0, 0);
  }

  /**
   * @param csrcs number of (zero) CSRC entries
   * @param extensionWords length of a header extension in 32-bit words, or -1 for none
   * @param padding padding bytes to append (0 for none)
   */
  public static ByteBuffer packet(
      int payloadType,
      boolean marker,
      int sequence,
      long timestamp,
      long ssrc,
      byte[] payload,
      int csrcs,
      int extensionWords,
      int padding) {
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
