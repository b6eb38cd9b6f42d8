package io.siprec.srs.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.session.metadata.StreamAttribution;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SipMessageFixture;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataReaderTest {
  private final MetadataReader reader = new MetadataReader(128 * 1024);

  private RecordingMetadata corpus(String file) {
    SipMessageFixture m = SipMessageFixture.load("siprec-corpus/" + file);
    return reader.read(
        SiprecBody.read(m.header("Content-Type"), m.body()).metadata().orElseThrow().content());
  }

  private RecordingMetadata fixture(String file) {
    return reader.read(Fixtures.bytes("metadata/" + file));
  }

  /** label -> "aor (role)" of each sender, the way a consumer would see a stream. */
  private static Map<String, String> heard(RecordingMetadata m, String... sdpLabels) {
    Map<String, String> out = new LinkedHashMap<>();
    for (StreamAttribution a : m.attribute(List.of(sdpLabels)).values()) {
      out.put(
          a.label(),
          String.join(
              " + ",
              a.senders().stream()
                  .map(p -> p.aor() + " (" + p.role().name().toLowerCase() + ")")
                  .toList()));
    }
    return out;
  }

  @Test
  void rfc7865Reference() {
    RecordingMetadata m = corpus("01_rfc7866_reference_invite.sip");

    assertThat(m.dialect()).isEqualTo("RFC 7865");
    assertThat(m.partial()).isFalse();
    assertThat(m.associationRule()).isEqualTo(AssociationRule.PARTICIPANT_STREAM_ASSOC);
    assertThat(m.groupId()).isEqualTo("mM0hOqMknwluGeaVgNNIBQ==");
    assertThat(m.sessions().get(0).sipSessionIds())
        .containsExactly(
            "9d3b6a1fe0c94f55b2f1a7c3d8e4f601;remote=00000000000000000000000000000000");
    assertThat(m.participants())
        .extracting(Participant::displayName)
        .containsExactly("Carol Customer", "Dave Agent");
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:+15550142001@carrier.example.net (unknown)"),
            entry("2", "sip:4711@pbx.example.org (unknown)"));
    assertThat(m.warnings()).isEmpty();
  }

  @Test
  void ciscoCubeInterleavedElementsAndANameIdWithoutName() {
    RecordingMetadata m = corpus("02_cisco_cube_invite.sip");
    assertThat(m.participants()).hasSize(2);
    // Each participantstreamassoc comes after all streams, each participant's <send> names its
    // stream.
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:5551234@198.51.100.77 (unknown)"),
            entry("2", "sip:6001@198.51.100.77 (unknown)"));
    assertThat(m.sessions().get(0).startTime()).isEqualTo("2024-03-11T09:20:44.318Z");
  }

  @Test
  void audioCodesLegacyNamespaceIdAttributesAndSendRecvInParticipant() {
    RecordingMetadata m = corpus("03_audiocodes_legacy_invite.sip");

    assertThat(m.dialect())
        .startsWith("pre-RFC namespace")
        .contains("id/session attributes")
        .contains("send/recv inside participant");
    assertThat(m.associationRule()).isEqualTo(AssociationRule.PARTICIPANT_SEND_RECV);
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "+15550100777@192.0.2.66 (unknown)"),
            entry("2", "3088@192.0.2.66 (unknown)"));
    assertThat(m.callIdentifiers()).containsEntry("ucid", "FA08001A002C61EE77D1");
  }

  @Test
  void oracleSendInParticipantWithCallingPartyAndUcid() {
    RecordingMetadata m = corpus("04_oracle_acme_invite.sip");

    assertThat(heard(m, "33554439", "33554440"))
        .containsExactly(
            entry("33554439", "sip:+15550177300@192.0.2.200 (caller)"),
            entry("33554440", "sip:+15550199100@pbx.example.org (callee)"));
    assertThat(m.callIdentifiers())
        .containsEntry("ucid", "00FA080018002E61EE81A4")
        .containsEntry("originalCallId", "7730912_55120@192.0.2.200");
    assertThat(m.participants().get(0).attributes())
        .containsEntry("realm", "core-ext")
        .containsEntry("requestUri", "sip:+15550199100@192.0.2.150:5060");
  }

  @Test
  void oracleDocumentedOlderShape() {
    RecordingMetadata m = fixture("oracle-documented-older.xml");
    assertThat(m.dialect()).contains("dataMode").contains("aor/name inside participant");
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:alice@caller.example.net (unknown)"),
            entry("2", "sip:bob@callee.example.com (unknown)"));
  }

  @Test
  void openSipsWithoutAssociationsIsPositional() {
    RecordingMetadata m = corpus("08_opensips_siprec_invite.sip");
    assertThat(m.associationRule()).isEqualTo(AssociationRule.POSITIONAL);
    assertThat(m.participants().get(0).displayName())
        .isEqualTo("front_desk"); // ";lang=en-GB;id=7" dropped
    // No associations: the n-th participant is heard on the n-th stream.
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:0301555019@203.0.113.9 (unknown)"),
            entry("2", "sip:0301555777@sip.customer.example.net (unknown)"));
  }

  @Test
  void freeswitchOneStreamOneAssocPerStream() {
    RecordingMetadata m = corpus("09_freeswitch_mod_siprec_invite.sip");
    assertThat(m.associationRule()).isEqualTo(AssociationRule.PARTICIPANT_STREAM_ASSOC);
    assertThat(m.attribute(List.of("1")).get("1").senders()).hasSize(1);
    assertThat(m.participants().stream().map(Participant::displayName))
        .anyMatch(n -> n.contains("&"));
  }

  @Test
  void cpaasOpaqueAorsWordLabelsAndCustomExtensions() {
    RecordingMetadata m = corpus("11_cpaas_twilio_style_invite.sip");
    assertThat(heard(m, "inbound", "outbound"))
        .containsExactly(
            entry("inbound", "C0FFEE42 (unknown)"), entry("outbound", "771204 (unknown)"));
    assertThat(m.callIdentifiers().keySet()).anyMatch(k -> k.startsWith("ext."));
  }

  @Test
  void ribbonPrefixedLegacyWithCallDataGivesRoles() {
    RecordingMetadata m = fixture("ribbon-sonus.xml");

    assertThat(m.dialect()).startsWith("pre-RFC namespace").contains("prefixed elements");
    // The first participant sends label 2; roles come from the original From/To, not label order.
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "+15550123001@carrier.example.net (caller)"),
            entry("2", "+15550188002@enterprise.example.com (callee)"));
    assertThat(m.callIdentifiers())
        .containsEntry("originalCallId", "3c2e8f9a-1b4d@carrier.example.net")
        .containsEntry("gcid", "0x00ab12cd");
    assertThat(m.participants().get(0).displayName()).isEmpty(); // a name of one space
  }

  @Test
  void avayaEarlySnapshotThenTheRealPartyArrives() {
    RecordingMetadata early = fixture("avaya-sbce-early.xml");
    assertThat(early.dialect()).contains("dataMode");
    assertThat(heard(early, "10", "20"))
        .containsExactly(
            entry("10", "sip:+15550166001@customer.example.net (unknown)"), entry("20", ""));

    RecordingMetadata later = early.merge(fixture("avaya-sbce-update.xml"));
    assertThat(heard(later, "10", "20"))
        .containsExactly(
            entry("10", "sip:+15550166001@customer.example.net (unknown)"),
            entry("20", "sip:3101@cm.example.com (unknown)"));
  }

  @Test
  void broadworksDraftSchemaWithOneMixedStream() {
    RecordingMetadata m = fixture("broadworks-mixed.xml");

    assertThat(m.dialect())
        .startsWith("draft-ietf-siprec-metadata (recording_metadata")
        .contains("send/recv holding <id> elements");
    assertThat(m.streams().get(0).mode()).isEqualTo("mixed");
    StreamAttribution mixed = m.attribute(List.of("1")).get("1");
    assertThat(mixed.roleName()).isEqualTo("mixed");
    assertThat(mixed.senders())
        .extracting(Participant::role)
        .containsExactly(
            ParticipantRole.CALLER, ParticipantRole.CALLEE); // termCall for user 2405550177
    assertThat(m.callIdentifiers())
        .containsEntry("broadworks.callID", "callhalf-4455:0")
        .containsEntry("broadworks.callType", "termCall");
    assertThat(m.sessions().get(0).groupRef())
        .isEqualTo("urn:uuid:8b0f62c1-5a1e-4d2b-9c3f-000000000002");
  }

  @Test
  void intradoRoleElementAndAStreamSentAndReceivedByOne() {
    RecordingMetadata m = fixture("intrado-viper.xml");
    assertThat(heard(m, "1"))
        .containsExactly(entry("1", "9115550100@psap.example.org:5060 (caller)"));
    assertThat(m.participants().get(0).attributes()).containsEntry("channel", "1");
  }

  @Test
  void wordLabels() {
    assertThat(heard(fixture("sems-legs.xml"), "a_leg", "b_leg"))
        .containsExactly(
            entry("a_leg", "Extension-0161@pbx.example.org (unknown)"),
            entry("b_leg", "+15550133002@trunk.example.net (unknown)"));
  }

  @Test
  void holdIsAPartialUpdateOfAssociations() {
    RecordingMetadata complete = corpus("01_rfc7866_reference_invite.sip");
    RecordingMetadata hold = corpus("13_rfc_hold_reinvite_partial_metadata.sip");
    assertThat(hold.partial()).isTrue();

    RecordingMetadata merged = complete.merge(hold);

    assertThat(merged.partial()).isFalse();
    assertThat(merged.participants()).hasSize(2);
    Participant held = merged.participants().get(0);
    assertThat(held.sends()).isEmpty();
    assertThat(held.receives())
        .containsExactly("dKFoy0Xx8bMxDwxn3T20bQ=="); // the other party's stream
    assertThat(held.displayName()).isEqualTo("Carol Customer"); // kept from the complete snapshot
  }

  @Test
  void transferReplacesAParticipant() {
    RecordingMetadata merged =
        corpus("01_rfc7866_reference_invite.sip").merge(fixture("transfer-partial.xml"));
    assertThat(merged.participants())
        .extracting(Participant::displayName)
        .containsExactly("Carol Customer", "Sam Supervisor");
    assertThat(heard(merged, "1", "2").get("2")).isEqualTo("sip:4800@pbx.example.org (unknown)");
  }

  @Test
  void aFirstPartialIsReadLikeAComplete() {
    RecordingMetadata m = corpus("e02_initial_partial_datamode.sip");
    assertThat(m.partial()).isTrue();
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:a@example.com (unknown)"), entry("2", "sip:b@example.com (unknown)"));
  }

  @Test
  void anAssociationToAnUndeclaredStreamIsAWarningNotAFailure() {
    RecordingMetadata m = corpus("m06_metadata_unknown_stream.sip");
    assertThat(m.warnings()).anyMatch(w -> w.contains("undeclared stream"));
  }

  // ------------------------------------------------------------ repairs (docs/metadata.md,
  // "Repairs")

  @Test
  void ciscoCallerNameWithARawAmpersandIsEscapedAndRead() {
    RecordingMetadata m = fixture("cisco-raw-ampersand.xml");
    assertThat(m.repairs()).containsExactly(MetadataRepair.RAW_AMPERSAND);
    assertThat(m.dialect()).isEqualTo("RFC 7865");
    assertThat(m.participants())
        .extracting(Participant::displayName)
        .containsExactly("SMITH & SONS PLUMBING", "911");
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:+15550147001@198.51.100.77 (unknown)"),
            entry("2", "sip:911@198.51.100.77 (unknown)"));
    // The document is kept exactly as received, raw '&' and all.
    assertThat(m.xml()).contains("SMITH & SONS PLUMBING");
  }

  @Test
  void aRawLessThanInTextIsEscapedWhileTheTagsAroundItStay() {
    RecordingMetadata m = fixture("raw-less-than-in-name.xml");
    assertThat(m.repairs()).containsExactly(MetadataRepair.RAW_LESS_THAN);
    assertThat(m.participants().get(0).displayName())
        .isEqualTo("\"Wait time <2 min\" <sip:+15550161234@carrier.example.net>");
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:+15550161234@carrier.example.net (unknown)"),
            entry("2", "sip:4100@pbx.example.org (unknown)"));
  }

  @Test
  void oracleUnquotedAttributeValuesAreQuoted() {
    RecordingMetadata m = fixture("oracle-unquoted-attributes.xml");
    assertThat(m.repairs()).containsExactly(MetadataRepair.UNQUOTED_ATTRIBUTE);
    assertThat(m.dialect()).contains("dataMode").contains("aor/name inside participant");
    // The extension's namespace declaration was one of the unquoted values: callingParty is read.
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:+15550170001@caller.example.net (caller)"),
            entry("2", "sip:+15550199200@callee.example.com (callee)"));
    assertThat(m.participants().get(0).attributes())
        .containsEntry("header.P-Asserted-Identity", "<sip:+15550170001@caller.example.net>");
  }

  @Test
  void aRecordingRootInNoNamespaceOrAnUnknownOneIsReadAsRfc7865() {
    RecordingMetadata none = fixture("no-namespace.xml");
    assertThat(none.repairs()).containsExactly(MetadataRepair.NO_NAMESPACE);
    assertThat(none.dialect()).isEqualTo("no namespace");
    assertThat(heard(none, "1", "2"))
        .containsExactly(
            entry("1", "sip:+15550152001@carrier.example.net (unknown)"),
            entry("2", "sip:2210@pbx.example.org (unknown)"));

    RecordingMetadata wrong = fixture("wrong-namespace.xml");
    assertThat(wrong.repairs()).containsExactly(MetadataRepair.WRONG_NAMESPACE);
    assertThat(wrong.dialect()).isEqualTo("unknown namespace urn:ietf:params:xml:ns:recording:1.0");
    assertThat(heard(wrong, "1", "2"))
        .containsExactly(
            entry("1", "sip:+15550152002@carrier.example.net (unknown)"),
            entry("2", "sip:2230@pbx.example.org (unknown)"));

    RecordingMetadata corpus = corpus("m12_wrong_namespace.sip");
    assertThat(corpus.repairs()).containsExactly(MetadataRepair.WRONG_NAMESPACE);
    assertThat(heard(corpus, "1", "2"))
        .containsExactly(
            entry("1", "sip:a@example.com (unknown)"), entry("2", "sip:b@example.com (unknown)"));
  }

  @Test
  void ribbonsCapitalisedPartialIsAPartialUpdate() {
    RecordingMetadata complete = fixture("ribbon-sonus.xml");
    RecordingMetadata hold = fixture("ribbon-datamode-partial.xml");
    assertThat(hold.repairs()).containsExactly(MetadataRepair.DATAMODE_CASE);
    assertThat(hold.partial()).isTrue();

    RecordingMetadata merged = complete.merge(hold);
    // The caller is on hold: nobody sends label 1 any more; the callee still sends label 2.
    assertThat(heard(merged, "1", "2"))
        .containsExactly(
            entry("1", ""), entry("2", "+15550188002@enterprise.example.com (callee)"));
    assertThat(merged.participants()).hasSize(2);
    assertThat(merged.repairs())
        .containsExactly(MetadataRepair.DATAMODE_CASE); // the latest document's
  }

  @Test
  void elementNamesInAnotherCaseAreRead() {
    RecordingMetadata m = fixture("element-case.xml");
    assertThat(m.repairs())
        .containsExactly(MetadataRepair.ELEMENT_CASE, MetadataRepair.DATAMODE_CASE);
    assertThat(m.partial()).isFalse();
    assertThat(heard(m, "1"))
        .containsExactly(entry("1", "sip:+15550133101@carrier.example.net (unknown)"));
  }

  @Test
  void elementsInAnyOrderNeedNoRepair() {
    RecordingMetadata m = fixture("elements-out-of-order.xml");
    assertThat(m.repairs()).isEmpty();
    assertThat(m.partial()).isFalse(); // datamode came last
    assertThat(m.sessions().get(0).startTime()).isEqualTo("2024-04-22T08:30:00Z");
    assertThat(heard(m, "1", "2"))
        .containsExactly(
            entry("1", "sip:+15550125001@carrier.example.net (unknown)"),
            entry("2", "sip:5120@pbx.example.org (unknown)"));
  }

  @Test
  void aRepairDecodesTheTextInItsDeclaredEncoding() {
    RecordingMetadata m = fixture("latin1-declared-raw-ampersand.xml");
    assertThat(m.repairs()).containsExactly(MetadataRepair.RAW_AMPERSAND);
    assertThat(m.participants().get(0).displayName()).isEqualTo("François & Fils");
  }

  @Test
  void wellFormedMetadataIsNeverRepaired() {
    for (String file :
        List.of(
            "avaya-sbce-early.xml",
            "broadworks-mixed.xml",
            "intrado-viper.xml",
            "oracle-documented-older.xml",
            "ribbon-sonus.xml",
            "sems-legs.xml",
            "latin1-declared.xml")) {
      assertThat(fixture(file).repairs()).as(file).isEmpty();
    }
    assertThat(corpus("01_rfc7866_reference_invite.sip").repairs()).isEmpty();
    assertThat(corpus("09_freeswitch_mod_siprec_invite.sip").repairs())
        .isEmpty(); // its escaped &amp;
  }

  // ------------------------------------------------------------ what is still not read, by kind

  @Test
  void whatNoRepairMakesReadableIsUnreadableWithTheRepairsTried() {
    assertThatThrownBy(() -> corpus("m01_broken_xml_unclosed.sip"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("Malformed recording metadata: line ")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("UNREADABLE []"));
    // Repaired, then still truncated: the line that still fails, and what was tried.
    assertThatThrownBy(() -> fixture("raw-ampersand-and-truncated.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("Malformed recording metadata: line 3")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("UNREADABLE [RAW_AMPERSAND]"));
    assertThatThrownBy(() -> fixture("not-xml.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("Malformed recording metadata: line 1")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("UNREADABLE []"));
    assertThatThrownBy(
            () ->
                reader.read(
                    "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MetadataException.class)
        .hasMessage("Recording metadata root is html, not RFC 7865 <recording>")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("UNREADABLE []"));
  }

  @Test
  void bytesInvalidInTheirEncodingAreNeverGuessed() {
    assertThatThrownBy(() -> fixture("not-utf8.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessage("Recording metadata is not valid in its encoding (UTF-8 unless declared)")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("BAD_ENCODING []"));
    assertThat(fixture("latin1-declared.xml").participants().get(0).displayName())
        .isEqualTo("François");
  }

  private static String kindAndRepairs(Throwable e) {
    MetadataException m = (MetadataException) e;
    return m.kind() + " " + m.repairsTried();
  }

  @Test
  void hostileXmlIsRefusedFastAndSafely() {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> fixture("hostile-entity-expansion.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessage("Recording metadata must not contain a DOCTYPE")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("HOSTILE []"));
    assertThatThrownBy(() -> fixture("hostile-external-entity.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessage("Recording metadata must not contain a DOCTYPE")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("HOSTILE []"));
    assertThatThrownBy(() -> fixture("hostile-deep-nesting.xml"))
        .isInstanceOf(MetadataException.class)
        .hasMessageContaining("deeper than")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("HOSTILE []"));
    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to refuse all three").isLessThan(1000);
  }

  @Test
  void aDoctypeIsRefusedBeforeAnyRepairIsTried() {
    // Repairable faults after the DOCTYPE: the parser meets the DOCTYPE first, and nothing is
    // repaired.
    byte[] xml =
        ("<?xml version='1.0'?><!DOCTYPE recording [<!ENTITY a 'aaaa'>]>"
                + "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>AT&T &a;</datamode></recording>")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> reader.read(xml))
        .isInstanceOf(MetadataException.class)
        .hasMessage("Recording metadata must not contain a DOCTYPE")
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("HOSTILE []"));
  }

  @Test
  void sizeIsCheckedBeforeParsing() {
    MetadataReader small = new MetadataReader(100);
    assertThatThrownBy(() -> small.read(Fixtures.bytes("metadata/sems-legs.xml")))
        .isInstanceOf(MetadataException.class)
        .satisfies(e -> assertThat(kindAndRepairs(e)).isEqualTo("OVERSIZE []"));
  }

  @Test
  void sessionRecordingAssociationsSayWhenEachCallWasRecorded() {
    // RFC 7865 §6.7, as a persistent recording session's re-INVITE carries them.
    RecordingMetadata m =
        reader.read(
            SiprecBody.read(
                    "multipart/mixed;boundary=ns-siprec-boundary",
                    SipMessageFixture.load("shapes/persistent-next-call-reinvite.sip").body())
                .metadata()
                .orElseThrow()
                .content());
    assertThat(m.sessions())
        .extracting(
            s -> s.id() + " " + s.associateTime() + " " + s.disassociateTime() + " " + s.isOver())
        .containsExactly(
            "k1bR5VhXcUKn0Hq0f3mXyw== 2026-11-02T14:20:01Z 2026-11-02T14:26:10Z true",
            "YmTq3kT2PE6ZC3nbv0A8Gg== 2026-11-02T14:26:12Z  false");

    // A partial update may name a call by its association alone: it is a session all the same.
    RecordingMetadata update =
        reader.read(SipMessageFixture.load("shapes/persistent-next-call-update.sip").body());
    assertThat(update.sessions())
        .extracting(s -> s.id() + " " + s.isOver())
        .containsExactly("YmTq3kT2PE6ZC3nbv0A8Gg== false", "k1bR5VhXcUKn0Hq0f3mXyw== true");
  }
}
