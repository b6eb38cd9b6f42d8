package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.RtcpFigures;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.testsupport.RtcpPackets;
import io.siprec.srs.testsupport.SrtpSender;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtcpReaderTest {
  private static final long SSRC = 0x5EC0DL;
  private static final long WALL = 1_765_000_000_123L;
  private final RtcpReader reader = new RtcpReader();

  @Test
  void aSenderReportGivesTheSrcsCountsAndTheClockMapping() {
    RtcpPackets.ReportBlock block = new RtcpPackets.ReportBlock(0x1234, 64, 17, 70000, 80);
    assertThat(reader.read(RtcpPackets.senderReport(SSRC, WALL, 3_000_000_000L, 250, 40000, block)))
        .isTrue();

    RtcpFigures f = reader.figures(8000);
    assertThat(f.packets()).isEqualTo(1);
    assertThat(f.senderReports()).isEqualTo(1);
    assertThat(f.srcPacketsSent()).isEqualTo(250);
    assertThat(f.srcOctetsSent()).isEqualTo(40000);
    assertThat(f.reportedFractionLost()).isEqualTo(0.25);
    assertThat(f.reportedCumulativeLost()).isEqualTo(17);
    assertThat(f.reportedJitterMillis()).isEqualTo(10.0);
    // 8000 timestamp units later is one second later, also across the 2^32 wrap.
    assertThat(reader.wallClockOf(SSRC, 3_000_000_000L, 8000)).isEqualTo(WALL);
    assertThat(reader.wallClockOf(SSRC, (3_000_000_000L + 2_000_000_000L) & 0xffffffffL, 8000))
        .isEqualTo(WALL + 250_000_000L);
    assertThat(reader.wallClockOf(SSRC, 3_000_000_000L - 800, 8000)).isEqualTo(WALL - 100);
    assertThat(reader.wallClockOf(SSRC + 1, 3_000_000_000L, 8000))
        .as("another source: unknown")
        .isEqualTo(-1);
  }

  @Test
  void receiverReportsAndByesAreCountedNegativeCumulativeLossIsSigned() {
    assertThat(
            reader.read(
                RtcpPackets.receiverReport(
                    SSRC, new RtcpPackets.ReportBlock(1, 0, 0xffffff, 5, 0))))
        .isTrue();
    assertThat(reader.read(RtcpPackets.bye(SSRC))).isTrue();
    RtcpFigures f = reader.figures(8000);
    assertThat(f.receiverReports()).isEqualTo(1);
    assertThat(f.byes()).isEqualTo(1);
    assertThat(f.reportedCumulativeLost()).isEqualTo(-1); // duplicates can make it negative
    assertThat(f.srcPacketsSent()).isEqualTo(-1);
    assertThat(reader.wallClockOf(SSRC, 0, 8000)).isEqualTo(-1);
  }

  @Test
  void malformedCompoundsAreCountedAndIgnoredWhole() {
    ByteBuffer good = RtcpPackets.senderReport(SSRC, WALL, 0, 1, 1, null);
    byte[] bytes = new byte[good.remaining()];
    good.get(bytes);

    byte[] badVersion = bytes.clone();
    badVersion[0] = 0x40;
    byte[] lengthPastTheEnd = bytes.clone();
    lengthPastTheEnd[3] = 40;
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    byte[] paddingNotLast = bytes.clone();
    paddingNotLast[0] |= 0x20;
    for (byte[] bad :
        new byte[][] {
          badVersion, lengthPastTheEnd, truncated, paddingNotLast, new byte[2], new byte[0]
        }) {
      assertThat(reader.read(ByteBuffer.wrap(bad))).isFalse();
    }
    RtcpFigures f = reader.figures(8000);
    assertThat(f.malformed()).isEqualTo(6);
    assertThat(f.packets()).isZero();
    assertThat(f.senderReports()).isZero();
  }

  @Test
  void srtcpIsAuthenticatedAndDecryptedAndTamperingIsCounted() {
    byte[] key = new byte[16];
    byte[] salt = new byte[14];
    for (int i = 0; i < 16; i++) {
      key[i] = (byte) (i * 11 + 3);
    }
    for (int i = 0; i < 14; i++) {
      salt[i] = (byte) (i * 7 + 1);
    }
    SrtpSender sender = new SrtpSender(key, salt, 4);
    SrtcpReceiver receiver =
        new SrtcpReceiver(new SrtpParameters("AES_CM_128_HMAC_SHA1_32", key, salt));
    ByteBuffer plain = RtcpPackets.senderReport(SSRC, WALL, 1234, 50, 8000, null);

    ByteBuffer protectedPacket = sender.protectRtcp(plain.duplicate());
    assertThat(protectedPacket.remaining()).isEqualTo(plain.remaining() + 14);
    assertThat(receiver.unprotect(protectedPacket)).isNull();
    assertThat(protectedPacket).isEqualTo(plain);
    assertThat(reader.read(protectedPacket)).isTrue();
    assertThat(reader.figures(8000).srcPacketsSent()).isEqualTo(50);

    ByteBuffer tampered = sender.protectRtcp(plain.duplicate());
    tampered.put(12, (byte) (tampered.get(12) ^ 1));
    assertThat(receiver.unprotect(tampered)).isNotNull();
  }
}
