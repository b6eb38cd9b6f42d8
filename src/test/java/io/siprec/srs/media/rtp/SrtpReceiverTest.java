package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.SrtpSender;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SrtpReceiverTest {
  private static final HexFormat HEX = HexFormat.of();
  // RFC 3711 Appendix B.3 (key derivation test vectors)
  private static final byte[] MASTER_KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
  private static final byte[] MASTER_SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");

  private static SrtpParameters keying(String suite) {
    return new SrtpParameters(suite, MASTER_KEY, MASTER_SALT);
  }

  @Test
  void sessionKeysMatchRfc3711AppendixB3() throws Exception {
    SrtpParameters k = keying(SrtpParameters.AES_CM_128_HMAC_SHA1_80);
    assertThat(HEX.formatHex(SrtpReceiver.sessionKeyForTest(k, 0, 16))).isEqualTo("c61e7a93744f39ee10734afe3ff7a087");
    assertThat(HEX.formatHex(SrtpReceiver.sessionKeyForTest(k, 2, 14))).isEqualTo("30cbbc08863d8c85d49db34a9ae1");
    assertThat(HEX.formatHex(SrtpReceiver.sessionKeyForTest(k, 1, 20)))
        .isEqualTo("cebe321f6ff7716b6fd4ab49af256a156d38baa4");
  }

  @Test
  void aProtectedPacketComesBackAsTheOriginalRtp() {
    SrtpSender sender = new SrtpSender(MASTER_KEY, MASTER_SALT, 10);
    SrtpReceiver receiver = new SrtpReceiver(keying(SrtpParameters.AES_CM_128_HMAC_SHA1_80));
    byte[] payload = "a payload longer than one AES block of sixteen octets".getBytes();
    ByteBuffer rtp = RtpPackets.packet(0, false, 4711, 160_000, 0xCAFEF00DL, payload, 2, 1, 0);
    ByteBuffer srtp = sender.protect(rtp.duplicate());
    assertThat(srtp.remaining()).isEqualTo(rtp.remaining() + 10);

    assertThat(receiver.unprotect(srtp)).isTrue();

    assertThat(srtp).isEqualTo(rtp);
  }

  @Test
  void aTamperedPacketIsRejectedAndLeftAlone() {
    SrtpSender sender = new SrtpSender(MASTER_KEY, MASTER_SALT, 10);
    SrtpReceiver receiver = new SrtpReceiver(keying(SrtpParameters.AES_CM_128_HMAC_SHA1_80));
    ByteBuffer srtp = sender.protect(RtpPackets.packet(0, 1, 160, 7, new byte[160]));
    srtp.put(20, (byte) (srtp.get(20) ^ 1));
    ByteBuffer copy = ByteBuffer.allocate(srtp.remaining()).put(srtp.duplicate()).flip();

    assertThat(receiver.unprotect(srtp)).isFalse();
    assertThat(srtp).isEqualTo(copy);
  }

  @Test
  void theShortTagSuite() {
    SrtpSender sender = new SrtpSender(MASTER_KEY, MASTER_SALT, 4);
    SrtpReceiver receiver = new SrtpReceiver(keying(SrtpParameters.AES_CM_128_HMAC_SHA1_32));
    ByteBuffer rtp = RtpPackets.packet(8, 9, 1440, 7, new byte[160]);
    ByteBuffer srtp = sender.protect(rtp.duplicate());
    assertThat(receiver.unprotect(srtp)).isTrue();
    assertThat(srtp).isEqualTo(rtp);
  }

  @Test
  void theRolloverCounterFollowsTheSequenceWrap() {
    SrtpSender sender = new SrtpSender(MASTER_KEY, MASTER_SALT, 10);
    SrtpReceiver receiver = new SrtpReceiver(keying(SrtpParameters.AES_CM_128_HMAC_SHA1_80));
    for (int seq : new int[] {65533, 65534, 65535, 0, 1, 2}) {
      ByteBuffer rtp = RtpPackets.packet(0, seq, seq * 160L, 7, new byte[] {1, 2, 3, 4});
      ByteBuffer srtp = sender.protect(rtp.duplicate());
      assertThat(receiver.unprotect(srtp)).as("sequence %d", seq).isTrue();
      assertThat(srtp).isEqualTo(rtp);
    }
  }

  @Test
  void anotherKeyDoesNotVerify() {
    SrtpSender sender = new SrtpSender(HEX.parseHex("00112233445566778899aabbccddeeff"), MASTER_SALT, 10);
    SrtpReceiver receiver = new SrtpReceiver(keying(SrtpParameters.AES_CM_128_HMAC_SHA1_80));
    assertThat(receiver.unprotect(sender.protect(RtpPackets.packet(0, 1, 160, 7, new byte[20])))).isFalse();
  }
}
