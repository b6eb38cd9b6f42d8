package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveOptionsTest {
  @TempDir Path dir;

  private static ArchiveOptions options(Map<String, String> values) {
    return ArchiveOptions.from(Settings.load(values::get, k -> null, null));
  }

  @Test
  void theConfiguredDirectoryWinsAndTheFiguresAreRead() {
    ArchiveOptions o =
        options(
            Map.of(
                "srs.archive.dir", dir.resolve("rec").toString(),
                "srs.runtime.dir", dir.resolve("runtime").toString(),
                "srs.archive.retention-days", "30",
                "srs.archive.backlog", "7",
                "srs.archive.min-free-mb", "3"));
    assertThat(o.enabled()).isTrue();
    assertThat(o.root()).isEqualTo(dir.resolve("rec").toAbsolutePath());
    assertThat(o.retentionDays()).isEqualTo(30);
    assertThat(o.backlog()).isEqualTo(7);
    assertThat(o.minFreeBytes()).isEqualTo(3L * 1024 * 1024);
  }

  @Test
  void withoutADirectoryTheRuntimeDirectoryHoldsTheRecordings() {
    ArchiveOptions o = options(Map.of("srs.runtime.dir", dir.toString()));
    assertThat(o.root()).isEqualTo(dir.resolve("recordings").toAbsolutePath());
  }

  @Test
  void anArchiveThatIsOffHasNoDirectory() {
    ArchiveOptions o =
        options(Map.of("srs.archive.enabled", "false", "srs.archive.dir", dir.toString()));
    assertThat(o.enabled()).isFalse();
    assertThat(o.root()).isNull();
  }
}
