package io.siprec.srs.offer.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SipMessageFixture;
import org.junit.jupiter.api.Test;

class SdpParserTest {

  private static SessionDescription parse(String fixture) {
    return SdpParser.parse(Fixtures.bytes("sdp/" + fixture));
  }

  @Test
  void readsTheRecordingOffer() {
    SessionDescription sdp = parse("offer-two-sendonly.sdp");

    assertThat(sdp.origin().sessionId()).isEqualTo("7865");
    assertThat(sdp.connection().address()).isEqualTo("192.0.2.10");
    assertThat(sdp.media()).hasSize(2);
    MediaDescription second = sdp.media().get(1);
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.port()).isEqualTo(46004);
    assertThat(second.formats()).containsExactly("8");
    assertThat(second.attribute("label")).hasValue("2");
    assertThat(second.attribute("sendonly")).hasValue("");
  }

  @Test
  void toleratesMissingConnectionAndTimingAndBareLineFeeds() {
    SessionDescription sdp = parse("offer-opensips-no-c-no-t.sdp");
    assertThat(sdp.connection()).isNull();
    assertThat(sdp.media()).extracting(MediaDescription::port).containsExactly(35000, 35002);
  }

  @Test
  void keepsMediaLevelConnectionsIncludingIpv6() {
    SessionDescription sdp = parse("offer-media-level-c-and-direction-both.sdp");
    assertThat(sdp.connection()).isNull();
    assertThat(sdp.media().get(0).connection().address()).isEqualTo("192.0.2.8");
    assertThat(sdp.media().get(1).connection().addressType()).isEqualTo("IP6");
  }

  @Test
  void namesTheLineThatIsWrong() {
    assertThatThrownBy(() -> parse("bad-port.sdp"))
        .isInstanceOf(SdpException.class)
        .hasMessage("SDP line 6: m= port 99999 out of range");
    assertThatThrownBy(() -> parse("bad-payload-type.sdp"))
        .isInstanceOf(SdpException.class)
        .hasMessage("SDP line 6: m= format 'PCMU' is not an RTP payload type");
    assertThatThrownBy(() -> parse("bad-connection.sdp"))
        .isInstanceOf(SdpException.class)
        .hasMessage("SDP line 4: c= is not 'IN IP4|IP6 address'");
    assertThatThrownBy(() -> parse("not-sdp.txt"))
        .isInstanceOf(SdpException.class)
        .hasMessage("SDP line 1: not of the form x=value");
    assertThatThrownBy(() -> parse("not-utf8.sdp"))
        .isInstanceOf(SdpException.class)
        .hasMessage("SDP: not valid UTF-8");
  }

  @Test
  void corpusBadPortsAreRefusedBeforeAnySocketIsTouched() {
    SipMessageFixture m = SipMessageFixture.load("siprec-corpus/m14_sdp_bad_ports.sip");
    byte[] sdp = SiprecBody.read(m.header("Content-Type"), m.body()).sdp().orElseThrow();
    assertThatThrownBy(() -> SdpParser.parse(sdp))
        .isInstanceOf(SdpException.class)
        .hasMessageContaining("port");
  }
}
