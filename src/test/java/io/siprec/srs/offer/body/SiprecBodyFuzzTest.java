package io.siprec.srs.offer.body;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.metadata.MetadataException;
import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.offer.sdp.CodecTable;
import io.siprec.srs.offer.sdp.OfferNegotiation;
import io.siprec.srs.offer.sdp.SdpException;
import io.siprec.srs.offer.sdp.SdpParser;
import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;
import java.util.Arrays;

/**
 * Jazzer on a whole SIPREC request as it reaches us: the Content-Type header and the body, read
 * into its SDP and metadata parts, each part then parsed as the server does before it answers. The
 * contract: {@link SiprecBody#read} gives the parts or throws {@link MalformedBodyException} (400)
 * or {@link UnsupportedBodyException} (415), nothing else; a part's bytes are a run of the body's
 * bytes, never re-encoded; a body that is itself SDP is the SDP part byte for byte; the parts'
 * parsers fail only with {@link SdpException} and {@link MetadataException}; one request costs a
 * bounded amount of memory.
 *
 * <p>Regression inputs: {@code SiprecBodyFuzzTestInputs/request/} (findings) and the request
 * fixtures (siprec-corpus, bodies, dialects, hostile) that the build copies in beside them.
 */
class SiprecBodyFuzzTest {
  /** Metadata up to 128 KiB goes through JAXB: tens of MB at worst, never hundreds. */
  private static final long ALLOCATION_BUDGET = 64L << 20;

  private final MetadataReader metadata = new MetadataReader(128 * 1024);
  private final OfferNegotiation negotiation =
      new OfferNegotiation(CodecTable.allDecodable(), length -> new byte[length]);

  @FuzzTarget
  void request(byte[] request) {
    FuzzSupport.withinAllocationBudget("one request", ALLOCATION_BUDGET, () -> read(request));
  }

  private void read(byte[] raw) {
    FuzzSupport.SipRequest request = FuzzSupport.SipRequest.split(raw);
    byte[] body = request.body();
    SiprecBody parts;
    try {
      parts = SiprecBody.read(request.contentType(), body);
    } catch (MalformedBodyException | UnsupportedBodyException documented) {
      return;
    }
    if (body.length > 0 && ContentType.parse(request.contentType()).is(SiprecBody.SDP)) {
      assertThat(parts.sdp()).hasValueSatisfying(sdp -> assertThat(sdp).isEqualTo(body));
    }
    parts
        .sdp()
        .ifPresent(
            sdp ->
                assertThat(FuzzSupport.containsRun(body, sdp))
                    .as("SDP part is a run of the body")
                    .isTrue());
    parts
        .metadata()
        .ifPresent(
            m ->
                assertThat(FuzzSupport.containsRun(body, m.content()))
                    .as("metadata part is a run of the body")
                    .isTrue());

    parts
        .sdp()
        .ifPresent(
            sdp -> {
              try {
                negotiation.negotiate(SdpParser.parse(Arrays.copyOf(sdp, sdp.length)));
              } catch (SdpException documented) {
                // 488
              }
            });
    parts
        .metadata()
        .ifPresent(
            m -> {
              try {
                metadata.read(m.content());
              } catch (MetadataException documented) {
                // 400 or 413
              }
            });
  }
}
