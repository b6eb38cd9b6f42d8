package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.RtcpFigures;
import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;
import io.siprec.srs.testsupport.RtcpPackets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jazzer on one compound RTCP packet into {@link RtcpReader}. The contract: it never throws, reads
 * without changing the buffer (contents, position, limit), and accepts exactly the compound packets
 * its documented validation accepts (RFC 3550 A.2 as the class states it, written here again from
 * the RFC: version 2 everywhere, packet types 192-223 (RFC 5761 §4), every length inside the
 * datagram and adding up to it exactly, padding only on the last packet); each read counts once, as
 * a packet or as malformed; the wall-clock mapping it keeps answers any question.
 *
 * <p>Regression inputs: {@code RtcpFuzzTestInputs/compoundPacket/}: the seeds below and the
 * findings.
 */
class RtcpFuzzTest {
  static final String INPUTS = "io/siprec/srs/media/rtp/RtcpFuzzTestInputs/compoundPacket";
  private static final int GUARD = 8;

  @FuzzTarget
  void compoundPacket(byte[] input) {
    FuzzSupport.withinAllocationBudget("one RTCP packet", 1L << 20, () -> read(input));
  }

  private static void read(byte[] input) {
    RtcpReader reader = new RtcpReader();
    byte[] memory = new byte[GUARD + input.length + GUARD];
    Arrays.fill(memory, (byte) 0x5a);
    System.arraycopy(input, 0, memory, GUARD, input.length);
    byte[] before = memory.clone();
    ByteBuffer buffer = ByteBuffer.wrap(memory, GUARD, input.length);

    boolean accepted = reader.read(buffer);

    assertThat(memory).as("buffer contents").isEqualTo(before);
    assertThat(buffer.position()).isEqualTo(GUARD);
    assertThat(buffer.limit()).isEqualTo(GUARD + input.length);
    assertThat(accepted)
        .as("accepted; RFC 3550 A.2 says %s", validCompound(input))
        .isEqualTo(validCompound(input));
    RtcpFigures figures = reader.figures(8000);
    assertThat(figures.packets() + figures.malformed()).isEqualTo(1);
    assertThat(figures.packets()).isEqualTo(accepted ? 1 : 0);
    for (long ssrc : new long[] {0, 7, 0xffffffffL}) {
      for (long timestamp : new long[] {0, 0x7fffffffL, 0xffffffffL}) {
        for (int clockRate : new int[] {0, 8000, 48000}) {
          reader.wallClockOf(ssrc, timestamp, clockRate);
        }
      }
    }
  }

  /**
   * RFC 3550 A.2, with RFC 5761 §4's packet type range and reduced-size RTCP (RFC 5506) allowed.
   */
  static boolean validCompound(byte[] p) {
    if (p.length < 4) {
      return false;
    }
    int at = 0;
    while (at < p.length) {
      if (p.length - at < 4) {
        return false;
      }
      int version = (p[at] & 0xff) >> 6;
      boolean padding = (p[at] & 0x20) != 0;
      int type = p[at + 1] & 0xff;
      int octets = 4 * (((p[at + 2] & 0xff) << 8 | (p[at + 3] & 0xff)) + 1);
      if (version != 2 || type < 192 || type > 223 || octets > p.length - at) {
        return false;
      }
      if (padding && at + octets != p.length) {
        return false;
      }
      at += octets;
    }
    return true;
  }

  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    byte[] sr =
        bytes(
            RtcpPackets.senderReport(
                7,
                1_700_000_000_000L,
                1234,
                50,
                8000,
                new RtcpPackets.ReportBlock(9, 12, 3, 70000, 40)));
    byte[] rr = bytes(RtcpPackets.receiverReport(7, new RtcpPackets.ReportBlock(9, 0, 0, 1, 1)));
    byte[] bye = bytes(RtcpPackets.bye(7));
    seeds.put("sender-report-and-sdes", sr);
    seeds.put("receiver-report-and-sdes", rr);
    seeds.put("bye", bye);
    byte[] compound = Arrays.copyOf(sr, sr.length + bye.length);
    System.arraycopy(bye, 0, compound, sr.length, bye.length);
    seeds.put("sender-report-sdes-bye", compound);
    return seeds;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] a = new byte[b.remaining()];
    b.duplicate().get(a);
    return a;
  }

  @Test
  void committedSeedsAreTheRecipes() {
    StreamSeeds.checkCommitted(INPUTS, seeds());
  }

  /**
   * Positive control: the seeds are read as valid, and the validity check refuses what it should.
   */
  @Test
  void seedsAreValidAndTheCheckCanRefuse() {
    seeds().values().forEach(s -> assertThat(validCompound(s)).isTrue());
    byte[] sr = seeds().get("sender-report-and-sdes");
    byte[] shortened = Arrays.copyOf(sr, sr.length - 4);
    assertThat(validCompound(shortened)).isFalse();
    RtcpReader reader = new RtcpReader();
    assertThat(reader.read(ByteBuffer.wrap(sr))).isTrue();
    assertThat(reader.read(ByteBuffer.wrap(shortened))).isFalse();
    assertThat(reader.figures(8000).senderReports()).isEqualTo(1);
  }
}
