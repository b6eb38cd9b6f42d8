package io.siprec.srs.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.InvalidSettingsException;
import io.siprec.srs.config.Settings;
import io.siprec.srs.testsupport.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @Test
  void aHashMadeByAnotherPbkdf2ImplementationVerifies() {
    PasswordHash made = PasswordHash.parse(Fixtures.text("admin/hash-made-with-python.txt"));
    assertThat(made.matches(PASSWORD)).isTrue();
    assertThat(made.matches("correct horse battery stapl".toCharArray())).isFalse();
    assertThat(made.matches(new char[0])).isFalse();
  }

  @Test
  void theStoredFormReadsBackAndEachHashHasItsOwnSalt() {
    PasswordHash first = PasswordHash.of(PASSWORD, PasswordHash.MIN_ITERATIONS);
    PasswordHash again = PasswordHash.of(PASSWORD, PasswordHash.MIN_ITERATIONS);

    assertThat(first.toString()).startsWith("pbkdf2-sha256:100000:").isNotEqualTo(again.toString());
    PasswordHash read = PasswordHash.parse(first.toString());
    assertThat(read.toString()).isEqualTo(first.toString());
    assertThat(read.matches(PASSWORD)).isTrue();
    assertThat(read.iterations()).isEqualTo(100_000);
  }

  @Test
  void whatTheToolMakesIsWhatTheSettingsAccept() {
    String stored = PasswordHash.of(PASSWORD, PasswordHash.DEFAULT_ITERATIONS).toString();
    Settings settings =
        Settings.load(Map.of("srs.admin.password-hash", stored)::get, k -> null, null);
    assertThat(settings.describe().get("srs.admin.password-hash")[0]).isEqualTo("********");
  }

  @Test
  void malformedOrWeakHashesAreRefusedWithoutEchoingThem() {
    for (String bad :
        new String[] {
          "secret",
          "pbkdf2-sha1:600000:c2FsdHNhbHRzYWx0c2FsdA==:AAAA",
          "pbkdf2-sha256:1000:c3JzLWZpeHR1cmUtc2FsdA==:TbjOGhYFVbxeAoCiCDo7mDr0Ql2GCVGFgRK6z8ZFl9A=",
          "pbkdf2-sha256:100000:c2FsdA==:TbjOGhYFVbxeAoCiCDo7mDr0Ql2GCVGFgRK6z8ZFl9A=",
          "pbkdf2-sha256:100000:c3JzLWZpeHR1cmUtc2FsdA==:not*base64"
        }) {
      assertThatThrownBy(() -> PasswordHash.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bad));
      assertThatThrownBy(
              () -> Settings.load(Map.of("srs.admin.password-hash", bad)::get, k -> null, null))
          .isInstanceOf(InvalidSettingsException.class)
          .satisfies(
              e ->
                  assertThat(e.getMessage())
                      .contains("srs.admin.password-hash")
                      .doesNotContain(bad));
    }
  }

  @Test
  void tooFewIterationsAreNotOffered() {
    assertThatThrownBy(() -> PasswordHash.of(PASSWORD, 10_000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
