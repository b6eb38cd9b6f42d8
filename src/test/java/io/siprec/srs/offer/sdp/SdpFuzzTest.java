package io.siprec.srs.offer.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer on an SRC's SDP offer, as the server handles it: parse, offer/answer negotiation, our
 * answer written. The contract: {@link SdpParser} and {@link OfferNegotiation} either give a value
 * or throw {@link SdpException}, nothing else; our answer is SDP our own parser reads, with one m=
 * line per offered line in the same order (RFC 3264 §6), port 0 exactly on the refused ones; one
 * offer costs a bounded amount of memory.
 *
 * <p>Regression inputs: {@code SdpFuzzTestInputs/offer/} (findings) and the {@code sdp} fixture
 * folder, which the build copies in beside them (pom.xml, testResources).
 */
class SdpFuzzTest {
  /** Generous: an offer of the seeds allocates well under 1 MB; a runaway copy or loop far more. */
  private static final long ALLOCATION_BUDGET = 8L << 20;

  private final OfferNegotiation negotiation =
      new OfferNegotiation(CodecTable.allDecodable(), length -> new byte[length]);

  @FuzzTarget
  void offer(byte[] offer) {
    FuzzSupport.withinAllocationBudget("one offer", ALLOCATION_BUDGET, () -> answer(offer));
  }

  private void answer(byte[] offer) {
    SessionDescription parsed;
    OfferNegotiation.Outcome outcome;
    try {
      parsed = SdpParser.parse(offer);
      outcome = negotiation.negotiate(parsed);
    } catch (SdpException documented) {
      return;
    }
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < outcome.lines().size(); i++) {
      ports.add(20000 + 2 * i);
    }
    String answer = SdpAnswer.write(outcome, ports, "192.0.2.1", 1, 1);

    SessionDescription reread = SdpParser.parse(answer.getBytes(StandardCharsets.UTF_8));
    assertThat(reread.media()).as("m= lines of our answer").hasSameSizeAs(parsed.media());
    for (int i = 0; i < outcome.lines().size(); i++) {
      boolean refused = outcome.lines().get(i).request().rejected();
      assertThat(reread.media().get(i).port())
          .as("port of m= line %d", i)
          .isEqualTo(refused ? 0 : 20000 + 2 * i);
    }
  }
}
