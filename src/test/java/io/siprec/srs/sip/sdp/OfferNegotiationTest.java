package io.siprec.srs.sip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.sip.body.SiprecBody;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SipMessageFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfferNegotiationTest {
  private final OfferNegotiation negotiation = new OfferNegotiation(CodecTable.allDecodable());

  private OfferNegotiation.Outcome negotiate(String fixture) {
    return negotiation.negotiate(SdpParser.parse(Fixtures.bytes("sdp/" + fixture)));
  }

  @Test
  void answersTwoSendonlyStreamsWithTwoLabelledRecvonlyLines() {
    OfferNegotiation.Outcome outcome = negotiate("offer-two-sendonly.sdp");

    String answer = SdpAnswer.write(outcome, List.of(20000, 20002), "192.0.2.99", 42, 1);

    assertThat(answer).isEqualTo(Fixtures.text("sdp/answer-two-sendonly.sdp"));
    assertThat(outcome.requests()).extracting(r -> r.label().value()).containsExactly("1", "2");
    assertThat(outcome.requests().get(0).remote().getPort()).isEqualTo(46000);
  }

  @Test
  void decidesEachLineOnItsOwn() {
    OfferNegotiation.Outcome outcome = negotiate("offer-every-kind-of-line.sdp");

    String answer = SdpAnswer.write(outcome, List.of(20000, 0, 0, 20006, 0, 0, 20012), "192.0.2.99", 7, 3);

    assertThat(answer).isEqualTo(Fixtures.text("sdp/answer-every-kind-of-line.sdp"));
    List<StreamRequest> requests = outcome.requests();
    assertThat(requests.get(0).formats()).containsExactly(
        new PayloadFormat(8, AudioEncoding.PCMA, 8000, 1, ""),
        new PayloadFormat(101, AudioEncoding.TELEPHONE_EVENT, 8000, 1, "0-15,16"));
    assertThat(requests.get(1).rejected()).isTrue();
    assertThat(requests.get(3).paused()).isTrue();
    assertThat(requests.get(6).label().value()).isEqualTo("mline7");
    assertThat(outcome.lines().get(1).warning()).isEqualTo(OfferNegotiation.WARN_MEDIA_TYPE_NOT_AVAILABLE);
    assertThat(outcome.lines().get(2).warning()).isZero(); // port 0 offered: nothing to refuse
    assertThat(outcome.lines().get(4).warning()).as("DTLS-SRTP").isEqualTo(OfferNegotiation.WARN_INCOMPATIBLE_TRANSPORT);
    assertThat(outcome.lines().get(5).warning()).isEqualTo(OfferNegotiation.WARN_INCOMPATIBLE_FORMAT);
  }

  @Test
  void srtpLinesAreAnsweredWithOurOwnKeyForTheFirstUsableSuite() {
    byte[] ourKey = new byte[30];
    for (int i = 0; i < 30; i++) {
      ourKey[i] = (byte) i;
    }
    OfferNegotiation deterministic = new OfferNegotiation(CodecTable.allDecodable(), () -> ourKey.clone());
    OfferNegotiation.Outcome outcome = deterministic.negotiate(SdpParser.parse(Fixtures.bytes("sdp/offer-srtp.sdp")));

    String answer = SdpAnswer.write(outcome, List.of(20000, 20002, 0), "192.0.2.99", 9, 1);

    assertThat(answer).isEqualTo(Fixtures.text("sdp/answer-srtp.sdp"));
    // GCM is not implemented and the second line's key is not base64 of 30 octets: the 32-bit suite it is.
    assertThat(outcome.requests().get(0).srtp().suite().sdesName()).isEqualTo("AES_CM_128_HMAC_SHA1_32");
    assertThat(outcome.requests().get(1).srtp().suite().srtpTagLength()).isEqualTo(10);
    assertThat(outcome.lines().get(2).warningText()).isEqualTo("No supported SRTP crypto suite"); // MKI only
  }

  @Test
  void theOldHoldAddressPausesTheStream() {
    StreamRequest request = negotiate("offer-hold-zero-address.sdp").requests().get(0);
    assertThat(request.paused()).isTrue();
    assertThat(request.remote()).isNull();
  }

  @Test
  void aDirectionThatIsNotOneIsIgnored() {
    // SEMS writes a=direction:both (RFC 4145) next to a=sendonly.
    OfferNegotiation.Outcome outcome = negotiate("offer-media-level-c-and-direction-both.sdp");
    assertThat(outcome.lines()).extracting(OfferNegotiation.Line::answerDirection)
        .containsExactly(Direction.RECVONLY, Direction.RECVONLY);
    assertThat(outcome.requests().get(0).remote().getHostString()).isEqualTo("192.0.2.8");
  }

  @Test
  void anOfferWithoutConnectionStillRecords() {
    OfferNegotiation.Outcome outcome = negotiate("offer-opensips-no-c-no-t.sdp");
    assertThat(outcome.anyAccepted()).isTrue();
    assertThat(outcome.requests().get(0).remote()).isNull();
  }

  @Test
  void refusesAnOfferWithNothingToRecord() {
    SipMessageFixture m = SipMessageFixture.load("siprec-corpus/m05_unknown_codec_only.sip");
    byte[] sdp = SiprecBody.read(m.header("Content-Type"), m.body()).sdp().orElseThrow();

    OfferNegotiation.Outcome outcome = negotiation.negotiate(SdpParser.parse(sdp));

    assertThat(outcome.anyAccepted()).isFalse();
    assertThat(outcome.refusalWarning()).isEqualTo(305);
    assertThat(outcome.refusalText()).isEqualTo("Incompatible media format");
  }

  @Test
  void anOfferWithoutMediaHasNothingToRecord() {
    OfferNegotiation.Outcome outcome = negotiate("no-media.sdp");
    assertThat(outcome.anyAccepted()).isFalse();
    assertThat(outcome.refusalWarning()).isEqualTo(304);
    assertThat(outcome.refusalText()).isEqualTo("No media stream offered");
  }

  @Test
  void refusesOffersThatCannotBeAnswered() {
    assertThatThrownBy(() -> negotiate("duplicate-labels.sdp")).hasMessage("SDP: duplicate a=label:1");
  }

  @Test
  void dynamicFormatsAreMatchedByTheirRtpmapWhateverTheNumber() {
    SessionDescription sdp = SdpParser.parse(String.join("\r\n", "v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-",
        "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 4000 RTP/AVP 118 0", "a=rtpmap:118 pcma/8000", "a=label:x", ""));
    assertThat(negotiation.negotiate(sdp).requests().get(0).formats())
        .extracting(PayloadFormat::payloadType, PayloadFormat::encoding)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(118, AudioEncoding.PCMA),
            org.assertj.core.groups.Tuple.tuple(0, AudioEncoding.PCMU));
  }
}
