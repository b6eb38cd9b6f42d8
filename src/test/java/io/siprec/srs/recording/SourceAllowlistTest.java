package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceAllowlistTest {
  @Test
  void addressesAndRangesOfBothFamiliesMatchByPrefix() {
    SourceAllowlist list =
        SourceAllowlist.of(List.of("10.1.0.0/16", "192.0.2.7", "2001:db8:100::/40", " 127.0.0.1 "));
    assertThat(list.allows("10.1.255.3")).isTrue();
    assertThat(list.allows("10.2.0.1")).isFalse();
    assertThat(list.allows("192.0.2.7")).isTrue();
    assertThat(list.allows("192.0.2.8")).isFalse();
    assertThat(list.allows("2001:db8:1ff::1")).isTrue();
    assertThat(list.allows("2001:db8:200::1")).isFalse();
    assertThat(list.allows("[2001:db8:100::9]")).isTrue();
    assertThat(list.allows("127.0.0.1")).isTrue();
    assertThat(list.allows("sbc.example.com")).as("names are never looked up").isFalse();
  }

  @Test
  void oddPrefixesMaskWithinAByte() {
    SourceAllowlist list = SourceAllowlist.of(List.of("198.51.100.64/27"));
    assertThat(list.allows("198.51.100.64")).isTrue();
    assertThat(list.allows("198.51.100.95")).isTrue();
    assertThat(list.allows("198.51.100.96")).isFalse();
    assertThat(list.allows("198.51.100.63")).isFalse();
  }

  @Test
  void emptyMeansEveryone() {
    assertThat(SourceAllowlist.of(List.of()).allows("203.0.113.1")).isTrue();
    assertThat(SourceAllowlist.anyone().allowsEveryone()).isTrue();
  }

  @Test
  void badEntriesAreRefusedByName() {
    assertThatThrownBy(() -> SourceAllowlist.of(List.of("10.0.0.0/33")))
        .hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> SourceAllowlist.of(List.of("sbc.example.com")))
        .hasMessageContaining("sbc.example.com");
    assertThatThrownBy(() -> SourceAllowlist.of(List.of("10.0.0.0/x")))
        .hasMessageContaining("10.0.0.0/x");
  }
}
