package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.LegalHold;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.testsupport.SettableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweeper, on a clock of the test's: per session, by the decision each session carries. */
class RetentionTest {
  private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");
  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(START);
  private final Set<Path> live = new HashSet<>();
  private final Object lock = new Object();

  private final LiveSessions liveSessions =
      new LiveSessions() {
        @Override
        public boolean isLive(Path sessionDir) {
          return live.contains(sessionDir);
        }

        @Override
        public Map<Path, SessionSnapshot> snapshots() {
          return Map.of();
        }
      };

  private Retention retention(int defaultDays) {
    return new Retention(
        dir,
        RetentionPolicy.defaultOnly(defaultDays),
        clock,
        liveSessions,
        new LegalHolds(dir),
        new AuditLog(dir, clock),
        lock);
  }

  /** A session folder with two files and, unless rule is null, its decision. */
  private Path session(String day, String id, String rule, Instant expiresAt) throws IOException {
    Path s = Files.createDirectories(dir.resolve(day).resolve(id));
    Files.writeString(s.resolve("stream-1.wav"), "RIFF");
    Files.writeString(s.resolve("session.json"), "{}");
    if (rule != null) {
      new RetentionDecision(rule, "test", START.minusSeconds(1), expiresAt).write(s);
    }
    return s;
  }

  private List<JsonObject> audit() throws IOException {
    Path file = dir.resolve(AuditLog.FILE);
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream()
        .map(l -> Json.createReader(new StringReader(l)).readObject())
        .toList();
  }

  @Test
  void eachSessionGoesWhenItsOwnRetentionRanOutNotItsDays() throws IOException {
    Path short1 = session("2026-12-02", "short", "cisco-short", START.plusSeconds(30));
    Path long1 = session("2026-12-02", "long", "bank-a", START.plus(Duration.ofDays(3650)));
    Path forever = session("2026-01-01", "forever", "vip", null);
    Files.writeString(
        forever.resolve(RetentionDecision.FILE),
        "{\"rule\":\"vip\",\"keep\":\"forever\",\"decidedAt\":\"2026-01-01T00:00:00Z\",\"expiresAt\":null}");
    Retention retention = retention(30);

    assertThat(retention.sweep()).isEmpty();
    clock.advance(Duration.ofSeconds(30));
    List<Retention.Deleted> deleted = retention.sweep();

    assertThat(deleted).extracting(Retention.Deleted::session).containsExactly("short");
    assertThat(deleted.get(0).files())
        .containsExactly(RetentionDecision.FILE, "session.json", "stream-1.wav");
    assertThat(short1).doesNotExist();
    assertThat(long1).exists();
    assertThat(forever).exists();
    assertThat(retention.sessionsDeleted()).isEqualTo(1);

    List<JsonObject> audit = audit();
    assertThat(audit).hasSize(1);
    JsonObject line = audit.get(0);
    assertThat(line.getString("time")).isEqualTo(START.plusSeconds(30).toString());
    assertThat(line.getString("action")).isEqualTo("deleted");
    assertThat(line.getString("session")).isEqualTo("short");
    assertThat(line.getString("day")).isEqualTo("2026-12-02");
    assertThat(line.getString("reason")).isEqualTo("retention");
    assertThat(line.getString("by")).isEqualTo("retention");
    assertThat(line.getString("request")).isEqualTo("rule:cisco-short");
    assertThat(line.getJsonArray("files").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactly(RetentionDecision.FILE, "session.json", "stream-1.wav");
  }

  @Test
  void aSessionWithoutDecisionIsKeptTheDefaultDaysByItsDay() throws IOException {
    session("2026-11-02", "old", null, null);
    session("2026-11-03", "kept", null, null);
    Files.createDirectories(dir.resolve("not-a-day").resolve("x"));

    List<Retention.Deleted> deleted = retention(30).sweep();

    // Kept: the 30 days up to today, 2026-11-03 .. 2026-12-02; and what is not ours.
    assertThat(deleted).extracting(Retention.Deleted::session).containsExactly("old");
    assertThat(deleted.get(0).rule()).isEqualTo("default");
    assertThat(dir.resolve("2026-11-02")).as("an emptied past day goes too").doesNotExist();
    assertThat(dir.resolve("2026-11-03").resolve("kept")).exists();
    assertThat(dir.resolve("not-a-day").resolve("x")).exists();
  }

  @Test
  void aLiveSessionIsNeverDeletedHoweverExpired() throws IOException {
    Path s = session("2026-10-01", "live", "x", START.minusSeconds(1));
    live.add(s);
    assertThat(retention(1).sweep()).isEmpty();
    assertThat(s).exists();
    live.clear();
    assertThat(retention(1).sweep()).hasSize(1);
    assertThat(s).doesNotExist();
  }

  @Test
  void aHeldSessionIsNeverDeletedUntilReleased() throws IOException {
    Path s = session("2026-10-01", "held", "x", START.minusSeconds(1));
    Path other = session("2026-10-01", "other", "x", START.minusSeconds(1));
    LegalHolds holds = new LegalHolds(dir);
    holds.put(
        new LegalHold(new RecordingSessionId("held"), "2026-10-01", "admin", START, "case 7"));

    assertThat(retention(1).sweep())
        .extracting(Retention.Deleted::session)
        .containsExactly("other");
    assertThat(s).exists();
    assertThat(other).doesNotExist();
    assertThat(dir.resolve("2026-10-01")).as("a day with a held session stays").exists();

    holds.release(new RecordingSessionId("held"));
    assertThat(retention(1).sweep()).extracting(Retention.Deleted::session).containsExactly("held");
    assertThat(dir.resolve("2026-10-01")).doesNotExist();
  }

  @Test
  void anUnreadableDecisionKeepsTheSession() throws IOException {
    Path s = session("2026-01-01", "garbled", null, null);
    Files.writeString(s.resolve(RetentionDecision.FILE), "{\"rule\": 3");
    assertThat(retention(1).sweep()).isEmpty();
    assertThat(s).exists();
  }

  @Test
  void todaysEmptiedDayFolderStaysForTheSessionsAboutToStart() throws IOException {
    session("2026-12-02", "gone", "x", START.minusSeconds(1));
    assertThat(retention(30).sweep()).hasSize(1);
    assertThat(dir.resolve("2026-12-02")).exists().isEmptyDirectory();
  }

  @Test
  void theAuditLogIsAppendedToNeverRewritten() throws IOException {
    Files.writeString(dir.resolve(AuditLog.FILE), "{\"earlier\":true}\n");
    session("2026-10-01", "a", "x", START.minusSeconds(1));
    retention(1).sweep();
    session("2026-10-01", "b", "x", START.minusSeconds(1));
    retention(1).sweep();
    List<JsonObject> audit = audit();
    assertThat(audit).hasSize(3);
    assertThat(audit.get(0).getBoolean("earlier")).isTrue();
    assertThat(audit.get(1).getString("session")).isEqualTo("a");
    assertThat(audit.get(2).getString("session")).isEqualTo("b");
  }

  @Test
  void keepingForeverStartsNoSweeper() throws IOException {
    session("2020-01-01", "s", null, null);
    Retention retention = retention(0);
    retention.start();
    retention.stop();
    assertThat(retention.sweep()).isEmpty();
    try (Stream<Path> days = Files.list(dir)) {
      assertThat(days.map(p -> p.getFileName().toString()).toList()).containsExactly("2020-01-01");
    }
  }

  @Test
  void aSweepOverAMissingDirectoryFailsQuietly() {
    Retention retention =
        new Retention(
            dir.resolve("gone"),
            RetentionPolicy.defaultOnly(30),
            clock,
            liveSessions,
            new LegalHolds(dir),
            new AuditLog(dir, clock),
            lock);
    assertThat(retention.sweep()).isEmpty();
    assertThat(retention.sessionsDeleted()).isZero();
  }
}
