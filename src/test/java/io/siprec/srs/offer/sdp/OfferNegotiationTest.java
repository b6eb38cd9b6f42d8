package io.siprec.srs.offer.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SipMessageFixture;
import java.util.List;
import org.assertj.core.groups.Tuple;
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

    String answer =
        SdpAnswer.write(outcome, List.of(20000, 0, 0, 20006, 0, 0, 20012), "192.0.2.99", 7, 3);

    assertThat(answer).isEqualTo(Fixtures.text("sdp/answer-every-kind-of-line.sdp"));
    List<StreamRequest> requests = outcome.requests();
    assertThat(requests.get(0).formats())
        .containsExactly(
            new PayloadFormat(8, AudioEncoding.PCMA, 8000, 1, ""),
            new PayloadFormat(101, AudioEncoding.TELEPHONE_EVENT, 8000, 1, "0-15,16"));
    assertThat(requests.get(1).rejected()).isTrue();
    assertThat(requests.get(3).paused()).isTrue();
    assertThat(requests.get(6).label().value()).isEqualTo("mline7");
    assertThat(outcome.lines().get(1).warning())
        .isEqualTo(OfferNegotiation.WARN_MEDIA_TYPE_NOT_AVAILABLE);
    assertThat(outcome.lines().get(2).warning()).isZero(); // port 0 offered: nothing to refuse
    assertThat(outcome.lines().get(4).warning())
        .as("DTLS-SRTP")
        .isEqualTo(OfferNegotiation.WARN_INCOMPATIBLE_TRANSPORT);
    assertThat(outcome.lines().get(5).warning())
        .isEqualTo(OfferNegotiation.WARN_INCOMPATIBLE_FORMAT);
  }

  /** Our deterministic "random" key||salt: 0, 1, 2, ... */
  private static final OfferNegotiation DETERMINISTIC =
      new OfferNegotiation(
          CodecTable.allDecodable(),
          n -> {
            byte[] key = new byte[n];
            for (int i = 0; i < n; i++) {
              key[i] = (byte) i;
            }
            return key;
          });

  @Test
  void srtpLinesAreAnsweredWithOurOwnKeyForTheFirstUsableSuite() {
    OfferNegotiation.Outcome outcome =
        DETERMINISTIC.negotiate(SdpParser.parse(Fixtures.bytes("sdp/offer-srtp.sdp")));

    String answer = SdpAnswer.write(outcome, List.of(20000, 20002, 20004), "192.0.2.99", 9, 1);

    assertThat(answer).isEqualTo(Fixtures.text("sdp/answer-srtp.sdp"));
    // The GCM key is 49 octets and the second line's is not base64 of 30: the 32-bit suite it is.
    assertThat(outcome.requests().get(0).srtp().suite().sdesName())
        .isEqualTo("AES_CM_128_HMAC_SHA1_32");
    assertThat(outcome.requests().get(1).srtp().suite().srtpTagLength()).isEqualTo(10);
    // RFC 4568's |2^31|1:4 form: a 4-octet MKI in every packet, the key good for 2^31 packets.
    assertThat(outcome.requests().get(2).srtp().mkiLength()).isEqualTo(4);
    assertThat(outcome.requests().get(2).srtp().keys().get(0).lifetime()).isEqualTo(1L << 31);
  }

  @Test
  void everyRfc4568FormIsAnsweredAndALineWithNothingUsableIsRefusedOnItsOwn() {
    OfferNegotiation.Outcome outcome =
        DETERMINISTIC.negotiate(
            SdpParser.parse(Fixtures.bytes("sdp/offer-sdes-rfc4568-forms.sdp")));

    String answer =
        SdpAnswer.write(
            outcome,
            List.of(20000, 20002, 20004, 20006, 20008, 0, 20012, 0),
            "192.0.2.99",
            4568,
            1);

    assertThat(answer).isEqualTo(Fixtures.text("sdp/answer-sdes-rfc4568-forms.sdp"));
    List<StreamRequest> r = outcome.requests();
    // F8 is not supported, the AES-256 key is 30 octets: the third line, tag 3, is the first
    // usable.
    assertThat(r.get(1).srtp().suite().sdesName()).isEqualTo("AES_CM_128_HMAC_SHA1_80");
    assertThat(r.get(2).srtp().keys()).hasSize(2);
    assertThat(r.get(3).srtp().session().keyDerivationRate()).isEqualTo(10);
    assertThat(r.get(3).srtp().session().windowSizeHint()).isEqualTo(256);
    assertThat(r.get(4).srtp().session().unauthenticatedSrtp()).isTrue();
    assertThat(r.get(5).rejected()).isTrue();
    assertThat(r.get(7).rejected()).isTrue();
    assertThat(outcome.anyAccepted()).isTrue();
    assertThat(outcome.lineWarnings())
        .containsExactly(
            new OfferNegotiation.LineWarning(
                302,
                "m= line 6 (label nothing-usable): No usable SRTP crypto: "
                    + "a=crypto:1 suite F8_128_HMAC_SHA1_80 not supported; a=crypto:2 session parameter X_MANDATORY=1 not "
                    + "supported (RFC 4568 section 6.3.7)"),
            new OfferNegotiation.LineWarning(
                302,
                "m= line 8 (label mikey-only): RTP/SAVP without a=crypto (SDES keys): "
                    + "nothing else keys SRTP here"));
  }

  @Test
  void aSrtpLineIsAnsweredSrtpNextToAPlainOne() {
    // OpenSIPS issue #3129: an SRC forwarding one plain and one SRTP party got RTP/AVP back for
    // both from a recorder, and the recording failed.
    OfferNegotiation.Outcome outcome =
        DETERMINISTIC.negotiate(
            SdpParser.parse(Fixtures.bytes("sdp/offer-opensips-3129-mixed-avp-savp.sdp")));

    List<String> mLines =
        SdpAnswer.write(outcome, List.of(20000, 20002), "192.0.2.99", 1, 1)
            .lines()
            .filter(l -> l.startsWith("m=") || l.startsWith("a=crypto"))
            .toList();

    assertThat(mLines)
        .containsExactly(
            "m=audio 20000 RTP/AVP 8 101",
            "m=audio 20002 RTP/SAVP 8 101",
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwd");
    assertThat(outcome.requests().get(0).srtp()).isNull();
    assertThat(outcome.requests().get(1).srtp()).isNotNull();
  }

  @Test
  void anOfferWhoseOnlySrtpLineHasNoUsableCryptoIsRefusedSayingWhy() {
    SessionDescription sdp =
        SdpParser.parse(
            String.join(
                "\r\n",
                "v=0",
                "o=- 1 1 IN IP4 192.0.2.1",
                "s=-",
                "c=IN IP4 192.0.2.1",
                "t=0 0",
                "m=audio 4000 RTP/SAVP 0",
                "a=crypto:1 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm",
                "a=label:1",
                ""));
    OfferNegotiation.Outcome outcome = negotiation.negotiate(sdp);
    assertThat(outcome.anyAccepted()).isFalse();
    assertThat(outcome.refusalWarning()).isEqualTo(302);
    assertThat(outcome.refusalText())
        .isEqualTo("No usable SRTP crypto: a=crypto:1 suite F8_128_HMAC_SHA1_80 not supported");
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
    assertThat(outcome.lines())
        .extracting(OfferNegotiation.Line::answerDirection)
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
    assertThatThrownBy(() -> negotiate("duplicate-labels.sdp"))
        .hasMessage("SDP: duplicate a=label:1");
  }

  @Test
  void dynamicFormatsAreMatchedByTheirRtpmapWhateverTheNumber() {
    SessionDescription sdp =
        SdpParser.parse(
            String.join(
                "\r\n",
                "v=0",
                "o=- 1 1 IN IP4 192.0.2.1",
                "s=-",
                "c=IN IP4 192.0.2.1",
                "t=0 0",
                "m=audio 4000 RTP/AVP 118 0",
                "a=rtpmap:118 pcma/8000",
                "a=label:x",
                ""));
    assertThat(negotiation.negotiate(sdp).requests().get(0).formats())
        .extracting(PayloadFormat::payloadType, PayloadFormat::encoding)
        .containsExactly(Tuple.tuple(118, AudioEncoding.PCMA), Tuple.tuple(0, AudioEncoding.PCMU));
  }

  private OfferNegotiation.Outcome negotiateRequest(String fixture) {
    SipMessageFixture m = SipMessageFixture.load(fixture);
    byte[] sdp = SiprecBody.read(m.header("Content-Type"), m.body()).sdp().orElseThrow();
    return negotiation.negotiate(SdpParser.parse(sdp));
  }

  @Test
  void echoesMidAnswersRtcpMuxAndLeavesIceAttributesUnanswered() {
    OfferNegotiation.Outcome outcome = negotiateRequest("shapes/mid-rtcpmux-ice-invite.sip");

    String answer = SdpAnswer.write(outcome, List.of(20000, 20002), "192.0.2.99", 5, 1);

    String[] sections = answer.split("(?=m=audio )");
    assertThat(sections).hasSize(3);
    assertThat(sections[1]).contains("a=mid:0\r\n", "a=label:0\r\n", "a=rtcp-mux\r\n");
    assertThat(sections[2]).contains("a=mid:1\r\n").doesNotContain("a=rtcp-mux");
    assertThat(answer).doesNotContain("candidate", "ice-", "rtcp-xr", "a=rtcp:");
    assertThat(outcome.requests()).noneMatch(StreamRequest::rejected);
  }

  @Test
  void answersVideoTextAndApplicationLinesWithPortZeroKeepingLabelAndMediaType() {
    OfferNegotiation.Outcome outcome =
        negotiateRequest("shapes/audio-video-text-application-invite.sip");

    String answer = SdpAnswer.write(outcome, List.of(20000, 0, 20004, 0, 0, 0), "192.0.2.99", 5, 1);

    assertThat(outcome.requests())
        .extracting(r -> r.label().value() + " " + r.media() + " " + (r.rejected() ? "0" : "rec"))
        .containsExactly(
            "96 audio rec",
            "97 video 0",
            "98 audio rec",
            "99 video 0",
            "100 text 0",
            "101 application 0");
    assertThat(answer)
        .contains(
            "m=video 0 RTP/AVP 31\r\na=label:97\r\n",
            "m=text 0 RTP/AVP 98\r\na=label:100\r\n",
            "m=application 0 UDP/BFCP *\r\na=label:101\r\n");
    assertThat(outcome.anyAccepted()).isTrue();
    assertThat(outcome.lineWarnings())
        .extracting(OfferNegotiation.LineWarning::code)
        .containsOnly(OfferNegotiation.WARN_MEDIA_TYPE_NOT_AVAILABLE)
        .hasSize(4);
  }

  @Test
  void anOfferWhoseStreamsAreAllInactiveIsRecordableAndAnsweredInactive() {
    OfferNegotiation.Outcome outcome = negotiateRequest("shapes/cube-ringing-inactive-invite.sip");

    String answer = SdpAnswer.write(outcome, List.of(20000, 20002), "192.0.2.99", 5, 1);

    assertThat(outcome.anyAccepted()).as("recordable: answered 200, not 488").isTrue();
    assertThat(outcome.requests()).allMatch(StreamRequest::paused);
    assertThat(answer).doesNotContain("recvonly");
    assertThat(answer.split("a=inactive", -1)).hasSize(3);
  }
}
