package io.siprec.srs.media.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fuzz input read as the datagrams one stream receives, in order. Each record is {@code flags,
 * step, length (2 octets, big-endian), datagram}: the clock advances {@code step} milliseconds
 * before the datagram; a length past the end takes what is left. Flags: bit 0 from a second source
 * address (latching), bit 1 on the stream's RTCP port instead of its RTP port, bit 2 pause the
 * stream before this datagram, bit 3 resume it, bit 4 tamper with the datagram after SRTP
 * protection (read by SrtpFuzzTest only). At most {@link #MAX_DATAGRAMS} are read.
 */
record DatagramScript(List<Step> steps) {
  static final int MAX_DATAGRAMS = 64;

  record Step(int flags, int stepMillis, byte[] datagram) {
    boolean secondSource() {
      return (flags & 1) != 0;
    }

    boolean rtcpPort() {
      return (flags & 2) != 0;
    }

    boolean pause() {
      return (flags & 4) != 0;
    }

    boolean resume() {
      return (flags & 8) != 0;
    }

    boolean tamper() {
      return (flags & 16) != 0;
    }
  }

  static DatagramScript read(byte[] input, int from) {
    List<Step> steps = new ArrayList<>();
    int at = from;
    while (at + 4 <= input.length && steps.size() < MAX_DATAGRAMS) {
      int flags = input[at] & 0xff;
      int step = input[at + 1] & 0xff;
      int length =
          Math.min((input[at + 2] & 0xff) << 8 | (input[at + 3] & 0xff), input.length - at - 4);
      steps.add(new Step(flags, step, Arrays.copyOfRange(input, at + 4, at + 4 + length)));
      at += 4 + length;
    }
    return new DatagramScript(steps);
  }

  /** The inverse of {@link #read}, for writing seeds. */
  byte[] write() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Step s : steps) {
      out.write(s.flags);
      out.write(s.stepMillis);
      out.write(s.datagram.length >>> 8);
      out.write(s.datagram.length);
      out.writeBytes(s.datagram);
    }
    return out.toByteArray();
  }
}
