package io.siprec.srs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.media.rtp.RtpPacket;
import io.siprec.srs.testsupport.RtpPackets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  private final List<String> released = new ArrayList<>();
  private final ReorderBuffer buffer = new ReorderBuffer(3);
  private final RtpPacket view = new RtpPacket();

  private void offer(int... sequences) {
    for (int seq : sequences) {
      view.wrap(RtpPackets.packet(0, seq & 0xffff, seq * 160L, 7, new byte[] {(byte) seq}));
      buffer.offer(
          view,
          0,
          0,
          (slot, lostBefore) ->
              released.add(
                  (lostBefore > 0 ? "lost" + lostBefore + ":" : "") + (slot.sequence - 65536)));
    }
  }

  @Test
  void packetsInOrderAreReleasedAtOnce() {
    offer(10, 11, 12);
    assertThat(released).containsExactly("10", "11", "12");
  }

  @Test
  void aLatecomerWithinTheDepthTakesItsPlace() {
    offer(10, 12, 13, 11, 14);
    assertThat(released).containsExactly("10", "11", "12", "13", "14");
    assertThat(buffer.reordered()).isEqualTo(1);
    assertThat(buffer.lost()).isZero();
  }

  @Test
  void aMissingPacketIsDeclaredLostOnceDepthNewerOnesArrived() {
    offer(10, 12, 13);
    assertThat(released).containsExactly("10");
    offer(14);
    assertThat(released).containsExactly("10", "lost1:12", "13", "14");
    assertThat(buffer.lost()).isEqualTo(1);
    offer(11); // too late now
    assertThat(buffer.late()).isEqualTo(1);
    assertThat(released).hasSize(4);
  }

  @Test
  void duplicatesAreDroppedAndCounted() {
    offer(10, 11, 11, 12, 10);
    assertThat(released).containsExactly("10", "11", "12");
    assertThat(buffer.duplicates()).isEqualTo(2);
  }

  @Test
  void theSequenceNumberWraps() {
    offer(65534, 65535, 0, 1);
    assertThat(released).containsExactly("65534", "65535", "65536", "65537");
    assertThat(buffer.lost()).isZero();
  }

  @Test
  void reorderingAcrossTheWrap() {
    offer(65534, 0, 65535, 1);
    assertThat(released).containsExactly("65534", "65535", "65536", "65537");
  }

  @Test
  void flushReleasesWhatIsHeldCountingHoles() {
    offer(10, 12);
    buffer.flush(
        (slot, lost) ->
            released.add((lost > 0 ? "lost" + lost + ":" : "") + (slot.sequence - 65536)));
    assertThat(released).containsExactly("10", "lost1:12");
  }

  @Test
  void aHugeJumpRestartsTheSequence() {
    offer(10, 11, 30000, 30001);
    assertThat(released).containsExactly("10", "11", "30000", "30001");
    assertThat(buffer.restarts()).isEqualTo(1);
    assertThat(buffer.lost()).isZero();
  }

  @Test
  void depthZeroNeverWaits() {
    ReorderBuffer none = new ReorderBuffer(0);
    List<Long> out = new ArrayList<>();
    for (int seq : new int[] {1, 3, 2, 4}) {
      view.wrap(RtpPackets.packet(0, seq, seq * 160L, 7, new byte[1]));
      none.offer(view, 0, 0, (slot, lost) -> out.add(slot.sequence - 65536));
    }
    assertThat(out).containsExactly(1L, 3L, 4L);
    assertThat(none.late()).isEqualTo(1);
  }
}
