package io.siprec.srs.media.rtp;

/**
 * Working arrays of SRTP and SRTCP processing, one set per receive thread and shared by all its
 * streams: nothing in them outlives one packet, so a stream carries no 16 kB of its own.
 */
final class SrtpScratch {
  private static final int BLOCKS = (RtpReceiveLoop.BUFFER_BYTES + 15) / 16 + 1;
  private static final ThreadLocal<SrtpScratch> PER_THREAD =
      ThreadLocal.withInitial(SrtpScratch::new);

  final byte[] packet = new byte[RtpReceiveLoop.BUFFER_BYTES];
  final byte[] plain = new byte[RtpReceiveLoop.BUFFER_BYTES];
  final byte[] counters = new byte[BLOCKS * 16];
  final byte[] keystream = new byte[BLOCKS * 16];
  final byte[] iv = new byte[16];
  final byte[] aeadIv = new byte[12];
  final byte[] tag = new byte[20];
  final byte[] rollover = new byte[4];

  static SrtpScratch get() {
    return PER_THREAD.get();
  }
}
