package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.testsupport.SipMessageFixture;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class SipHeaderFactsTest {

  @Test
  void callIdentifiersFromHeaders() {
    SipMessageFixture avaya = SipMessageFixture.load("dialects/avaya-sbce-invite.sip");
    assertThat(SipHeaderFacts.callIdentifiers(avaya::headers))
        .containsEntry("userToUser", "00FA080019002C62A1B4;encoding=hex");
    SipMessageFixture genesys = SipMessageFixture.load("dialects/audiocodes-genesys-invite.sip");
    assertThat(SipHeaderFacts.callIdentifiers(genesys::headers))
        .containsEntry("genesysCallUuid", "06B3K2RKSK8VJ4M0A5SQH2LAES0000AB");
    SipMessageFixture intrado = SipMessageFixture.load("dialects/intrado-viper-invite.sip");
    assertThat(SipHeaderFacts.callIdentifiers(intrado::headers))
        .doesNotContainKey("callInfo"); // "(null)"
  }

  @Test
  void ciscoNetworkBasedRecordingNamesItsParticipantsInHeaders() {
    SipMessageFixture nbr = SipMessageFixture.load("dialects/cisco-nbr-invite.sip");
    Optional<RecordingMetadata> m =
        SipHeaderFacts.participants(nbr::headers, false, nbr.header("From"), nbr.header("To"));
    assertThat(m).isPresent();
    assertThat(m.get().associationRule()).isEqualTo(AssociationRule.SIP_HEADERS);
    assertThat(m.get().participants())
        .extracting(Participant::aor)
        .containsExactly("sip:+15550155001@192.0.2.80");
  }

  @Test
  void aPlainRecordingInviteNamesCallerAndCalleeFromFromAndTo() {
    Optional<RecordingMetadata> m =
        SipHeaderFacts.participants(
            name -> List.of(), false, "\"Ann\" <sip:ann@192.0.2.1>;tag=1", "<sip:bob@192.0.2.2>");
    assertThat(m.get().participants())
        .extracting(Participant::aor, Participant::displayName, Participant::role)
        .containsExactly(
            Tuple.tuple("sip:ann@192.0.2.1", "Ann", ParticipantRole.CALLER),
            Tuple.tuple("sip:bob@192.0.2.2", "", ParticipantRole.CALLEE));
  }

  @Test
  void aSiprecInviteWithoutMetadataNamesNobodyYet() {
    // Its From/To are the SRC and us, not the recorded call.
    assertThat(
            SipHeaderFacts.participants(
                name -> List.of(), true, "<sip:sbc@192.0.2.1>", "<sip:srs@x>"))
        .isEmpty();
  }
}
