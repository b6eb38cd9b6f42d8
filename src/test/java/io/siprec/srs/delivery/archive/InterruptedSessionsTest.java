package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptedSessionsTest {
  @TempDir Path dir;

  private Path session(String day, String id) throws IOException {
    Path s = Files.createDirectories(dir.resolve(day).resolve(id));
    Files.writeString(s.resolve("stream-1.wav"), "RIFF");
    return s;
  }

  @Test
  void aSessionLeftWithoutASummaryIsMarkedIncompleteOnce() throws IOException {
    Path cutOff = session("2026-12-02", "cut-off");
    Path whole = session("2026-12-02", "whole");
    Files.writeString(whole.resolve("archive.json"), "{\"complete\":true}");

    assertThat(InterruptedSessions.mark(dir)).isEqualTo(1);

    JsonObject summary =
        Json.createReader(new StringReader(Files.readString(cutOff.resolve("archive.json"))))
            .readObject();
    assertThat(summary.getBoolean("complete")).isFalse();
    assertThat(summary.getString("interrupted")).contains("stopped");
    assertThat(summary.getInt("schemaVersion")).isEqualTo(1);
    assertThat(Files.readString(whole.resolve("archive.json"))).isEqualTo("{\"complete\":true}");
    assertThat(InterruptedSessions.mark(dir)).as("already marked").isZero();
  }

  @Test
  void onlyTheTwoNewestDaysAreLookedAt() throws IOException {
    Path old = session("2026-11-30", "old");
    session("2026-12-01", "yesterday");
    session("2026-12-02", "today");

    assertThat(InterruptedSessions.mark(dir)).isEqualTo(2);
    assertThat(old.resolve("archive.json")).doesNotExist();
  }

  @Test
  void theLegalHoldsFolderIsNoDay() throws IOException {
    session("2026-12-01", "yesterday");
    session("2026-12-02", "today");
    // Sorts after the days: it must not take one of the two places.
    Files.createDirectories(dir.resolve(LegalHolds.FOLDER).resolve("not-a-session"));

    assertThat(InterruptedSessions.mark(dir)).isEqualTo(2);
    assertThat(dir.resolve(LegalHolds.FOLDER).resolve("not-a-session").resolve("archive.json"))
        .doesNotExist();
  }

  @Test
  void aRootThatCannotBeReadMarksNothingAndDoesNotThrow() {
    assertThat(InterruptedSessions.mark(dir.resolve("missing"))).isZero();
  }
}
