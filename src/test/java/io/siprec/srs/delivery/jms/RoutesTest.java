package io.siprec.srs.delivery.jms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {
  private static Routes.Facts facts(
      String vendor, String src, String role, String label, String... aors) {
    return new Routes.Facts(vendor, src, List.of(aors), role, label);
  }

  @Test
  void theFirstMatchingRuleWinsElseTheDefault() {
    Routes r =
        Routes.parse(
            " aor:*@tenant-a.example.com=asr.a ; role:callee=asr.agents;vendor:cisco*=asr.cisco;"
                + "src:10.1.*=asr.site1;label:mix=asr.mix",
            "srs.audio");
    assertThat(
            r.queueFor(
                facts("Oracle SBC", "192.0.2.1", "callee", "2", "sip:7@Tenant-A.example.com")))
        .isEqualTo("asr.a");
    assertThat(r.queueFor(facts("Oracle SBC", "192.0.2.1", "callee", "2", "sip:7@b.example.com")))
        .isEqualTo("asr.agents");
    assertThat(r.queueFor(facts("Cisco CUBE", "192.0.2.1", "caller", "1"))).isEqualTo("asr.cisco");
    assertThat(r.queueFor(facts("unknown", "10.1.7.9", "caller", "1"))).isEqualTo("asr.site1");
    assertThat(r.queueFor(facts("unknown", "192.0.2.1", "mixed", "mix"))).isEqualTo("asr.mix");
    assertThat(r.queueFor(facts("unknown", "192.0.2.1", "caller", "1"))).isEqualTo("srs.audio");
    assertThat(r.queues())
        .containsExactly("srs.audio", "asr.a", "asr.agents", "asr.cisco", "asr.site1", "asr.mix");
  }

  @Test
  void noRulesIsOneQueue() {
    assertThat(Routes.parse("", "srs.audio").isTrivial()).isTrue();
    assertThat(Routes.parse(" ; ", "srs.audio").queueFor(facts("", "", "", "")))
        .isEqualTo("srs.audio");
  }

  @Test
  void unreadableRulesAreRefusedByName() {
    assertThatThrownBy(() -> Routes.parse("tenant:a=q", "d")).hasMessageContaining("tenant:a=q");
    assertThatThrownBy(() -> Routes.parse("role=q", "d")).hasMessageContaining("role=q");
    assertThatThrownBy(() -> Routes.parse("role:=q", "d")).hasMessageContaining("needs a pattern");
  }
}
