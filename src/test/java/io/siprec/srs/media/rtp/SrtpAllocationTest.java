package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSuite;
import io.siprec.srs.testsupport.RtcpPackets;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.SrtpSender;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What receiving one SRTP or SRTCP packet allocates, measured with the JVM's per-thread allocation
 * counter after a warm-up: nothing for the AES-CM suites; the JDK's AES-GCM allocates per packet (a
 * GCMParameterSpec for the new IV, and inside Cipher.init/doFinal), which is printed and bounded
 * here and documented in docs/media.md as a known cost.
 */
class SrtpAllocationTest {
  private static final int WARM_UP = 2500;
  private static final int MEASURED = 1500;

  @Test
  void aesCmAllocatesNothingPerPacketAndGcmWhatTheJdkNeeds() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (SrtpSuite suite : SrtpSuite.values()) {
      byte[] material = new byte[suite.keySaltLength()];
      Arrays.fill(material, (byte) (suite.ordinal() + 1));
      SrtpSender sender = SrtpSender.builder(suite.sdesName()).key(material).build();
      SrtpParameters keying =
          new SrtpParameters(
              suite,
              Arrays.copyOf(material, suite.keyLength()),
              Arrays.copyOfRange(material, suite.keyLength(), material.length));
      List<ByteBuffer> rtp = new ArrayList<>();
      List<ByteBuffer> rtcp = new ArrayList<>();
      byte[] payload = new byte[160];
      for (int i = 0; i < WARM_UP + MEASURED; i++) {
        rtp.add(sender.protect(RtpPackets.packet(0, i & 0xffff, i * 160L, 0x1234, payload)));
        if (i % 4 == 0) {
          rtcp.add(
              sender.protectRtcp(
                  RtcpPackets.senderReport(
                      0x1234, 1_700_000_000_000L, i * 160L, i, i * 160L, null)));
        }
      }
      SrtpReceiver srtp = new SrtpReceiver(keying);
      SrtcpReceiver srtcp = new SrtcpReceiver(keying);
      int refused = 0;
      for (int i = 0; i < WARM_UP; i++) {
        refused += srtp.unprotect(rtp.get(i)) == null ? 0 : 1;
      }
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = WARM_UP; i < WARM_UP + MEASURED; i++) {
        refused += srtp.unprotect(rtp.get(i)) == null ? 0 : 1;
      }
      long perRtp = (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED;
      int half = rtcp.size() / 2;
      for (int i = 0; i < half; i++) {
        refused += srtcp.unprotect(rtcp.get(i)) == null ? 0 : 1;
      }
      before = threads.getCurrentThreadAllocatedBytes();
      for (int i = half; i < rtcp.size(); i++) {
        refused += srtcp.unprotect(rtcp.get(i)) == null ? 0 : 1;
      }
      long perRtcp = (threads.getCurrentThreadAllocatedBytes() - before) / (rtcp.size() - half);
      System.out.printf(
          "[SrtpAllocationTest] %s: %d bytes allocated per SRTP packet (160-octet payload), %d per"
              + " SRTCP packet%n",
          suite, perRtp, perRtcp);
      assertThat(refused).isZero();
      if (suite.aead()) {
        assertThat(perRtp).as("%s: the JDK's GCM, per packet", suite).isBetween(1L, 4096L);
      } else {
        assertThat(perRtp).as("%s per SRTP packet", suite).isZero();
        assertThat(perRtcp).as("%s per SRTCP packet", suite).isZero();
      }
    }
  }
}
