package io.siprec.srs.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.Settings;
import io.siprec.srs.testsupport.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialsTest {
  @TempDir Path dir;

  private static Settings settings(Map<String, String> values) {
    return Settings.load(values::get, k -> null, null);
  }

  @Test
  void aConfiguredHashIsTheOnlyWayIn() {
    AdminCredentials c =
        AdminCredentials.from(
            settings(
                Map.of(
                    "srs.admin.user",
                    "ops",
                    "srs.admin.password-hash",
                    Fixtures.text("admin/hash-made-with-python.txt").strip())),
            dir);

    assertThat(c.verify("ops", "correct horse battery staple".toCharArray())).isTrue();
    assertThat(c.verify("admin", "correct horse battery staple".toCharArray())).isFalse();
    assertThat(c.verify("ops", "guess".toCharArray())).isFalse();
    assertThat(c.generatedFile()).isNull();
    assertThat(dir.resolve(AdminCredentials.GENERATED_FILE)).doesNotExist();
  }

  @Test
  void withoutAHashAPasswordIsMadeOnceForTheOwnerOnlyAndKeptAcrossRestarts() throws Exception {
    Settings settings = settings(Map.of("srs.runtime.dir", dir.toString()));
    AdminCredentials first = AdminCredentials.from(settings, null);

    Path file = dir.resolve(AdminCredentials.GENERATED_FILE);
    assertThat(first.generatedFile()).isEqualTo(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    char[] password = Files.readString(file).strip().toCharArray();
    assertThat(password.length).isGreaterThanOrEqualTo(24);
    assertThat(first.verify("admin", password)).isTrue();

    AdminCredentials afterRestart = AdminCredentials.from(settings, null);
    assertThat(afterRestart.verify("admin", password)).isTrue();
    assertThat(Files.readString(file).strip()).isEqualTo(new String(password));
  }

  @Test
  void aGeneratedPasswordFileOthersCanReadIsClosedAgain() throws Exception {
    Path file = dir.resolve(AdminCredentials.GENERATED_FILE);
    Files.writeString(file, "an-operators-own-password\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    AdminCredentials c =
        AdminCredentials.from(settings(Map.of("srs.runtime.dir", dir.toString())), null);

    assertThat(c.verify("admin", "an-operators-own-password".toCharArray())).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void inAForeignContainerTheWebappsTemporaryDirectoryHoldsIt() {
    AdminCredentials c = AdminCredentials.from(settings(Map.of()), dir);
    assertThat(c.generatedFile()).isEqualTo(dir.resolve(AdminCredentials.GENERATED_FILE));
  }

  @Test
  void withNeitherHashNorDirectoryTheConsoleDoesNotStartOpen() {
    assertThatThrownBy(() -> AdminCredentials.from(settings(Map.of()), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("srs.admin.password-hash");
  }
}
