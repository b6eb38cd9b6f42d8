package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  private List<String> folders() throws IOException {
    try (var days = Files.list(dir)) {
      return days.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void sessions(String day, int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Files.createDirectories(dir.resolve(day).resolve("session-" + i));
      Files.writeString(dir.resolve(day).resolve("session-" + i).resolve("mix.wav"), "RIFF");
    }
  }

  @Test
  void dayFoldersOlderThanTheRetentionAreDeletedAndTheirSessionsCounted() throws IOException {
    sessions("2026-11-01", 2);
    sessions("2026-11-02", 1);
    sessions("2026-11-03", 1);
    sessions("2026-12-02", 1);
    Files.createDirectories(dir.resolve("not-a-day"));

    Retention retention = new Retention(dir, 30, NOW, day -> false);
    retention.deleteExpired();

    // Kept: the 30 days up to today, 2026-11-03 .. 2026-12-02; and what is not ours.
    assertThat(folders()).containsExactly("2026-11-03", "2026-12-02", "not-a-day");
    assertThat(retention.sessionsDeleted()).isEqualTo(3);
  }

  @Test
  void aDayALiveSessionWritesToIsKeptHoweverOld() throws IOException {
    sessions("2026-10-01", 1);
    sessions("2026-10-02", 1);
    Set<Path> live = Set.of(dir.resolve("2026-10-01"));

    Retention retention = new Retention(dir, 1, NOW, live::contains);
    retention.deleteExpired();

    assertThat(folders()).containsExactly("2026-10-01");
    assertThat(retention.sessionsDeleted()).isEqualTo(1);
  }

  @Test
  void aRetentionOfZeroKeepsEverythingAndStartsNoSweep() throws IOException {
    sessions("2020-01-01", 1);
    Retention retention = new Retention(dir, 0, NOW, day -> false);
    retention.start();
    retention.stop();
    assertThat(folders()).containsExactly("2020-01-01");
  }

  @Test
  void aSweepOverAMissingDirectoryFailsQuietly() {
    Retention retention = new Retention(dir.resolve("gone"), 30, NOW, day -> false);
    retention.deleteExpired();
    assertThat(retention.sessionsDeleted()).isZero();
  }
}
