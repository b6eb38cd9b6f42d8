package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jazzer on plain RTP and RTCP into one stream's whole receive path, from bytes: packet validation,
 * source latching, the reorder buffer (sequence numbers and their wrap are the fuzzer's), every
 * decoder, DTMF, comfort noise, pause and resume, timeline and chunking, and the RTCP reader on
 * both ports. The input is a {@link DatagramScript}; the contract is {@link FuzzedStream}'s
 * (nothing thrown, nothing written outside the datagram, every datagram counted, chunks well
 * formed) plus a bounded allocation per input.
 *
 * <p>Regression inputs: {@code RtpFuzzTestInputs/datagrams/}: the seeds of {@link StreamSeeds} and
 * the findings.
 */
class RtpFuzzTest {
  static final String INPUTS = "io/siprec/srs/media/rtp/RtpFuzzTestInputs/datagrams";

  /** A stream's decoders, reorder slots and chunk buffers are made per input: a few MB at most. */
  private static final long ALLOCATION_BUDGET = 32L << 20;

  @FuzzTarget
  void datagrams(byte[] input) {
    FuzzSupport.withinAllocationBudget("one stream", ALLOCATION_BUDGET, () -> play(input));
  }

  static StreamStatistics play(byte[] input) {
    FuzzedStream stream = new FuzzedStream(null);
    for (DatagramScript.Step step : DatagramScript.read(input, 0).steps()) {
      stream.deliver(step, step.datagram());
    }
    return stream.finishAndCheck();
  }

  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    StreamSeeds.plainScripts().forEach((name, script) -> seeds.put(name, script.write()));
    return seeds;
  }

  @Test
  void committedSeedsAreTheRecipes() {
    StreamSeeds.checkCommitted(INPUTS, seeds());
  }

  /** Positive control: the seeds reach every decoder, DTMF and RTCP, so the fuzzer starts deep. */
  @Test
  void seedsReachTheDecodersAndTheRtcpReader() {
    Map<String, byte[]> seeds = seeds();
    for (String codec : new String[] {"pcmu", "g722", "g729-with-dtx", "opus"}) {
      StreamStatistics s = play(seeds.get(codec));
      assertThat(s.packetsDecoded()).as(codec).isGreaterThan(s.packetsReceived() / 2);
      assertThat(s.decodeErrors()).as(codec).isZero();
    }
    assertThat(play(seeds.get("dtmf-and-comfort-noise")).dtmfEvents()).isEqualTo(1);
    assertThat(play(seeds.get("pcmu-lost-reordered-paused-moved")).packetsWhilePaused())
        .isPositive();
    StreamStatistics rtcp = play(seeds.get("rtcp-on-both-ports"));
    assertThat(rtcp.rtcp().senderReports()).isEqualTo(1);
    assertThat(rtcp.rtcp().byes()).isEqualTo(1);
    assertThat(rtcp.rtcp().malformed()).isZero();
  }

  /** The finding of the mutation fuzzer this replaced, framed as a script of one datagram. */
  @Test
  void oldFindingIsKeptAsAScript() {
    byte[] packet =
        Fixtures.bytes(INPUTS + "/g729-payload-of-73-frames-overflowed-the-decode-buffer.bin");
    assertThat(packet[0]).isEqualTo((byte) 0); // flags
    assertThat(((packet[2] & 0xff) << 8 | (packet[3] & 0xff)) + 4).isEqualTo(packet.length);
  }
}
