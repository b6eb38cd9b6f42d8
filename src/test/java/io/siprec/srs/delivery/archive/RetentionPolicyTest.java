package io.siprec.srs.delivery.archive;

import static io.siprec.srs.delivery.archive.SnapshotFixture.participant;
import static io.siprec.srs.delivery.archive.SnapshotFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.testsupport.Fixtures;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
  private static final LocalDate DAY = LocalDate.parse("2026-12-02");
  private static final Instant ENDED = Instant.parse("2026-12-02T09:30:00Z");
  private static final Instant NOW = Instant.parse("2026-12-02T09:30:01Z");
  private static final Function<SessionSnapshot, String> NO_ROUTES = s -> "srs.events";

  private static RetentionPolicy policy() throws IOException {
    return RetentionPolicy.read(Fixtures.path("archive/retention-policy.txt"), 30);
  }

  private static RetentionDecision decide(
      SessionSnapshot s, Function<SessionSnapshot, String> route) throws IOException {
    return policy().decide(RetentionFacts.of(s, route), DAY, ENDED, NOW);
  }

  private static SessionSnapshot plain() {
    return snapshot("192.0.2.10:5060/udp", "ExampleSBC/1.0", "unknown", List.of(), Map.of());
  }

  @Test
  void aTenantRouteDecidesBeforeAnythingElse() throws IOException {
    SessionSnapshot s = snapshot("10.0.0.7:5060/udp", "LabSBC/2.1", "cisco", List.of(), Map.of());
    RetentionDecision d = decide(s, x -> "events.bank-a");
    assertThat(d.rule()).isEqualTo("bank-a");
    assertThat(d.period()).isEqualTo("3650d");
    assertThat(d.expiresAt()).isEqualTo(ENDED.plus(Duration.ofDays(3650)));
    assertThat(d.decidedAt()).isEqualTo(NOW);
  }

  @Test
  void anSrcRuleNeedsBothItsAddressAndItsUserAgent() throws IOException {
    assertThat(
            decide(snapshot("10.0.0.7:5060/tcp", "LabSBC/2.1", "x", List.of(), Map.of()), NO_ROUTES)
                .rule())
        .isEqualTo("lab-sbc");
    // Same address, another product: not this rule.
    assertThat(
            decide(snapshot("10.0.0.7:5060/udp", "Other/1", "x", List.of(), Map.of()), NO_ROUTES)
                .rule())
        .isEqualTo("default");
    // An address that only starts the same: patterns match whole values.
    assertThat(
            decide(
                    snapshot("10.0.0.77:5060/udp", "LabSBC/2.1", "x", List.of(), Map.of()),
                    NO_ROUTES)
                .rule())
        .isEqualTo("default");
  }

  @Test
  void aMetadataRuleMatchesAParticipantsRoleAndAddressCaseIgnored() throws IOException {
    SessionSnapshot s =
        snapshot(
            "192.0.2.10:5060/udp",
            "ExampleSBC/1.0",
            "oracle",
            List.of(
                participant("sip:+15550100@carrier.example.net", ParticipantRole.CALLER, Map.of()),
                participant("sip:4711@Sales.Example.com", ParticipantRole.CALLEE, Map.of())),
            Map.of());
    RetentionDecision d = decide(s, NO_ROUTES);
    assertThat(d.rule()).isEqualTo("sales");
    assertThat(d.expiresAt()).isEqualTo(Instant.parse("2027-03-02T09:30:00Z"));
  }

  @Test
  void anExtensionFieldRuleCanKeepForever() throws IOException {
    SessionSnapshot s =
        snapshot(
            "192.0.2.10:5060/udp",
            "ExampleSBC/1.0",
            "unknown",
            List.of(
                participant(
                    "sip:carol@example.org",
                    ParticipantRole.CALLER,
                    Map.of("Customer-Tier", "Gold"))),
            Map.of());
    RetentionDecision d = decide(s, NO_ROUTES);
    assertThat(d.rule()).isEqualTo("vip");
    assertThat(d.expiresAt()).isNull();
    assertThat(d.expiredAt(Instant.parse("9999-01-01T00:00:00Z"))).isFalse();
  }

  @Test
  void aCallIdentifierIsAFieldToo() throws IOException {
    SessionSnapshot s =
        snapshot(
            "192.0.2.10:5060/udp",
            "ExampleSBC/1.0",
            "unknown",
            List.of(),
            Map.of("customer-tier", "gold"));
    assertThat(decide(s, NO_ROUTES).rule()).isEqualTo("vip");
  }

  @Test
  void secondsAreAllowedAndRunFromTheEnd() throws IOException {
    RetentionDecision d =
        decide(snapshot("192.0.2.1:5060/udp", "CUBE", "cisco", List.of(), Map.of()), NO_ROUTES);
    assertThat(d.rule()).isEqualTo("cisco-short");
    assertThat(d.expiresAt()).isEqualTo(Instant.parse("2026-12-02T09:30:30Z"));
    assertThat(d.expiredAt(Instant.parse("2026-12-02T09:30:29.999Z"))).isFalse();
    assertThat(d.expiredAt(Instant.parse("2026-12-02T09:30:30Z"))).isTrue();
  }

  @Test
  void noMatchIsTheDefaultByTheDayTheSessionStarted() throws IOException {
    RetentionDecision d = decide(plain(), NO_ROUTES);
    assertThat(d.rule()).isEqualTo("default");
    assertThat(d.period()).isEqualTo("30d");
    // Kept 30 days, today included: deleted from the start of the 31st.
    assertThat(d.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
  }

  @Test
  void aSessionWithoutSnapshotMatchesOnlyARuleWithoutConditions() throws IOException {
    assertThat(policy().decide(RetentionFacts.NONE, DAY, ENDED, NOW).rule()).isEqualTo("default");
    RetentionPolicy catchAll = RetentionPolicy.parse(List.of("all ; keep=7d"), "test", 30);
    assertThat(catchAll.decide(RetentionFacts.NONE, DAY, ENDED, NOW).rule()).isEqualTo("all");
  }

  @Test
  void aDefaultOfZeroDaysKeepsForever() {
    RetentionDecision d = RetentionPolicy.defaultOnly(0).defaultFor(DAY, NOW);
    assertThat(d.expiresAt()).isNull();
    assertThat(d.period()).isEqualTo("forever");
    assertThat(RetentionPolicy.defaultOnly(0).shortestKeep()).isEmpty();
  }

  @Test
  void theShortestPeriodSetsHowOftenTheSweeperRuns() throws IOException {
    assertThat(policy().shortestKeep()).contains(Duration.ofSeconds(30));
    assertThat(Retention.interval(Duration.ofSeconds(30))).isEqualTo(Retention.SHORTEST_INTERVAL);
    assertThat(Retention.interval(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    assertThat(Retention.interval(Duration.ofDays(30))).isEqualTo(Retention.LONGEST_INTERVAL);
  }

  @Test
  void badRulesAreRefusedWithTheirLine() {
    assertRefused("x ; src=1.2.3.4", "line 1", "no keep");
    assertRefused("x ; colour=red ; keep=1d", "line 1", "unknown key 'colour'");
    assertRefused("# comment\nx ; keep=1w", "line 2", "keep '1w'");
    assertRefused("x ; keep=0d", "line 1", "more than 0");
    assertRefused("x ; keep=1d\nx ; keep=2d", "line 2", "used twice");
    assertRefused("default ; keep=1d", "line 1", "reserved");
    assertRefused("bad name ; keep=1d", "line 1", "starts with its name");
    assertRefused("x ; src ; keep=1d", "line 1", "not key=value");
    assertRefused("x ; aor= ; keep=1d", "line 1", "has no value");
    assertRefused("x ; keep=1d ; keep=2d", "line 1", "twice");
    assertRefused("x ; field.=a ; keep=1d", "line 1", "unknown key");
  }

  private static void assertRefused(String text, String... messageParts) {
    assertThatThrownBy(() -> RetentionPolicy.parse(List.of(text.split("\n")), "policy.txt", 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy.txt")
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void srcAddressesAreReducedToTheirHost() {
    assertThat(RetentionFacts.hostOf("10.0.0.5:5060/udp")).isEqualTo("10.0.0.5");
    assertThat(RetentionFacts.hostOf("[2001:db8::5]:5060/tcp")).isEqualTo("2001:db8::5");
    assertThat(RetentionFacts.hostOf("2001:db8::5")).isEqualTo("2001:db8::5");
    assertThat(RetentionFacts.hostOf("10.0.0.5")).isEqualTo("10.0.0.5");
  }
}
