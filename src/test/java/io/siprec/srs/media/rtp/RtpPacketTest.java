package io.siprec.srs.media.rtp;

import static io.siprec.srs.testsupport.RtpPackets.packet;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
  private final RtpPacket view = new RtpPacket();
  private final byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};

  @Test
  void readsUnsignedFieldsWithoutSignExtension() {
    assertThat(view.wrap(packet(8, true, 65535, 0xFFFFFFFFL, 0xCA110001L, payload, 0, 0, 0)))
        .isTrue();
    assertThat(view.payloadType()).isEqualTo(8);
    assertThat(view.marker()).isTrue();
    assertThat(view.sequence()).isEqualTo(65535);
    assertThat(view.timestamp()).isEqualTo(0xFFFFFFFFL);
    assertThat(view.ssrc()).isEqualTo(0xCA110001L);
    assertThat(view.payloadOffset()).isEqualTo(12);
    assertThat(view.payloadLength()).isEqualTo(8);
  }

  @Test
  void skipsCsrcsExtensionAndPadding() {
    assertThat(view.wrap(packet(0, false, 1, 160, 7, payload, 2, 3, 4))).isTrue();
    assertThat(view.payloadOffset()).isEqualTo(12 + 8 + 4 + 12);
    assertThat(view.payloadLength()).isEqualTo(8);
  }

  @Test
  void worksAtAnyBufferPosition() {
    ByteBuffer inner = packet(0, false, 9, 160, 7, payload, 0, 0, 0);
    ByteBuffer outer = ByteBuffer.allocate(inner.remaining() + 5);
    outer.position(5);
    outer.put(inner);
    outer.position(5);
    assertThat(view.wrap(outer)).isTrue();
    assertThat(view.sequence()).isEqualTo(9);
    assertThat(view.payloadOffset()).isEqualTo(17);
  }

  @Test
  void rejectsWhatIsNotRtp() {
    assertThat(view.wrap(ByteBuffer.wrap(new byte[11]))).as("shorter than its header").isFalse();
    ByteBuffer v1 = packet(0, false, 1, 1, 1, payload, 0, 0, 0);
    v1.put(0, (byte) 0x40);
    assertThat(view.wrap(v1)).as("version 1").isFalse();
    ByteBuffer csrcOverrun = packet(0, false, 1, 1, 1, new byte[0], 0, 0, 0);
    csrcOverrun.put(0, (byte) 0x8F);
    assertThat(view.wrap(csrcOverrun)).as("15 CSRCs in a 12-byte packet").isFalse();
    ByteBuffer extensionOverrun = packet(0, false, 1, 1, 1, new byte[4], 0, 1, 0);
    extensionOverrun.putShort(14, (short) 100);
    assertThat(view.wrap(extensionOverrun)).as("extension longer than the packet").isFalse();
    ByteBuffer paddingOverrun = packet(0, false, 1, 1, 1, payload, 0, 0, 1);
    paddingOverrun.put(paddingOverrun.limit() - 1, (byte) 200);
    assertThat(view.wrap(paddingOverrun)).as("padding longer than the packet").isFalse();
  }

  @Test
  void tellsRtcpApart() {
    ByteBuffer rtcp = ByteBuffer.wrap(new byte[] {(byte) 0x80, (byte) 200, 0, 6});
    assertThat(RtpPacket.looksLikeRtcp(rtcp)).isTrue();
    assertThat(RtpPacket.looksLikeRtcp(packet(0, true, 1, 1, 1, payload, 0, 0, 0))).isFalse();
  }
}
