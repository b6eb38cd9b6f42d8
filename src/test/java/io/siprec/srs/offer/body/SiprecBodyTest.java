package io.siprec.srs.offer.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.testsupport.SipMessageFixture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SiprecBodyTest {

  private static SiprecBody read(String fixture) {
    SipMessageFixture m = SipMessageFixture.load(fixture);
    return SiprecBody.read(m.header("Content-Type"), m.body());
  }

  private static String sdp(SiprecBody body) {
    return new String(body.sdp().orElseThrow(), StandardCharsets.UTF_8);
  }

  private static String metadata(SiprecBody body) {
    return new String(body.metadata().orElseThrow().content(), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bodies/crlf-standard.sip",
        "bodies/bare-lf.sip",
        "bodies/metadata-first-no-space-after-colon.sip",
        "bodies/missing-closing-delimiter.sip",
        "bodies/trailing-space-after-delimiters.sip",
        "bodies/quoted-boundary.sip",
        "bodies/preamble-and-epilogue.sip",
        "bodies/folded-part-header.sip",
        "bodies/three-parts-disposition-first.sip",
        "bodies/metadata-as-xml-with-recording-disposition.sip"
      })
  void everyFramingDialectYieldsTheSdpAndTheMetadataIntact(String fixture) {
    SiprecBody body = read(fixture);

    assertThat(sdp(body))
        .startsWith("v=0")
        .contains("a=label:1")
        .contains("a=label:2")
        .doesNotContain("--")
        .doesNotContain("Content-Type");
    assertThat(metadata(body)).startsWith("<?xml").endsWith("</recording>");
  }

  @Test
  void bareLineFeedsAreKeptAsTheyCame() {
    // An SRS that rewrote LF to CRLF over the whole body truncated AudioCodes' XML (interop notes,
    // §2).
    assertThat(sdp(read("bodies/bare-lf.sip"))).contains("v=0\no=").doesNotContain("\r");
  }

  @Test
  void unknownPartsAreIgnoredAndNamed() {
    assertThat(read("bodies/three-parts-disposition-first.sip").ignoredParts())
        .containsExactly("application/gtd");
  }

  @Test
  void aLongerStringThatStartsWithTheBoundaryIsContentNotADelimiter() {
    assertThat(metadata(read("bodies/boundary-prefix-in-content.sip")))
        .contains("--fixture-boundaryX-not-a-delimiter");
  }

  @Test
  void metadataAloneIsAMetadataBody() {
    SiprecBody body = read("bodies/metadata-only-update.sip");
    assertThat(body.sdp()).isEmpty();
    assertThat(body.metadata().orElseThrow().contentType()).isEqualTo("application/rs-metadata");
  }

  @Test
  void noBodyIsAnEmptyBody() {
    SiprecBody body = SiprecBody.read(null, new byte[0]);
    assertThat(body.sdp()).isEmpty();
    assertThat(body.metadata()).isEmpty();
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> read("bodies/too-many-parts.sip"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("more than 32 parts");
    assertThatThrownBy(() -> read("bodies/part-without-blank-line.sip"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage("multipart part 1 has no blank line after its headers");
    assertThatThrownBy(() -> read("bodies/two-sdp-parts.sip"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage("multipart body has two SDP parts");
    assertThatThrownBy(() -> read("bodies/plain-text-body.sip"))
        .isInstanceOf(UnsupportedBodyException.class)
        .hasMessageContaining("text/plain");
  }

  // ---- the shared corpus, as real SRCs frame it ----

  @ParameterizedTest
  @ValueSource(
      strings = {
        "01_rfc7866_reference_invite.sip",
        "02_cisco_cube_invite.sip",
        "03_audiocodes_legacy_invite.sip",
        "04_oracle_acme_invite.sip",
        "08_opensips_siprec_invite.sip",
        "09_freeswitch_mod_siprec_invite.sip",
        "11_cpaas_twilio_style_invite.sip",
        "13_rfc_hold_reinvite_partial_metadata.sip",
        "e02_initial_partial_datamode.sip"
      })
  void corpusRequestsCarrySdpAndMetadata(String file) {
    SiprecBody body = read("siprec-corpus/" + file);
    assertThat(sdp(body)).startsWith("v=0");
    assertThat(metadata(body)).contains("recording");
  }

  @Test
  void corpusSdpOnlyInvite() {
    SiprecBody body = read("siprec-corpus/e01_siprec_sdp_only_no_metadata.sip");
    assertThat(body.sdp()).isPresent();
    assertThat(body.metadata()).isEmpty();
  }

  @Test
  void corpusMetadataWithoutSdp() {
    SiprecBody body = read("siprec-corpus/m11_metadata_only_no_sdp.sip");
    assertThat(body.sdp()).isEmpty();
    assertThat(body.metadata()).isPresent();
  }

  @Test
  void corpusBrokenFraming() {
    assertThatThrownBy(() -> read("siprec-corpus/m02_missing_boundary_param.sip"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessage("multipart body without boundary parameter");
    assertThatThrownBy(() -> read("siprec-corpus/m03_boundary_mismatch.sip"))
        .isInstanceOf(MalformedBodyException.class)
        .hasMessageContaining("not found in body");
  }
}
