package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptedSessionsTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  private ManifestChain chain() throws IOException {
    return ManifestChain.open(dir, null, NOW);
  }

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

    assertThat(InterruptedSessions.mark(dir, chain())).isEqualTo(1);

    JsonObject summary =
        Json.createReader(new StringReader(Files.readString(cutOff.resolve("archive.json"))))
            .readObject();
    assertThat(summary.getBoolean("complete")).isFalse();
    assertThat(summary.getString("interrupted")).contains("stopped");
    assertThat(summary.getInt("schemaVersion")).isEqualTo(1);
    assertThat(Files.readString(whole.resolve("archive.json"))).isEqualTo("{\"complete\":true}");
    assertThat(InterruptedSessions.mark(dir, chain())).as("already marked").isZero();
  }

  @Test
  void onlyTheTwoNewestDaysAreLookedAt() throws IOException {
    Path old = session("2026-11-30", "old");
    session("2026-12-01", "yesterday");
    session("2026-12-02", "today");

    assertThat(InterruptedSessions.mark(dir, chain())).isEqualTo(2);
    assertThat(old.resolve("archive.json")).doesNotExist();
  }

  @Test
  void aSessionCutOffByACrashGetsAnIncompleteManifestInTheChainOnce() throws IOException {
    Path cutOff = session("2026-12-02", "cut-off");
    Files.writeString(
        cutOff.resolve("events.jsonl"),
        "{\"type\":\"session.started\",\"at\":\"2026-12-02T09:58:00Z\"}\n");

    assertThat(InterruptedSessions.mark(dir, chain())).isEqualTo(1);

    JsonObject manifest = json(cutOff.resolve("manifest.json"));
    assertThat(manifest.getBoolean("complete")).isFalse();
    assertThat(manifest.getString("startedAt")).isEqualTo("2026-12-02T09:58:00Z");
    assertThat(manifest.isNull("endedAt")).isFalse();
    assertThat(manifest.getJsonArray("files").stream().map(f -> f.asJsonObject().getString("name")))
        .containsExactly("archive.json", "events.jsonl", "stream-1.wav");
    List<String> chain = Files.readAllLines(dir.resolve("2026-12-02").resolve("chain.jsonl"));
    assertThat(chain).hasSize(1);
    assertThat(chain.get(0)).contains("\"session\":\"cut-off\"").contains("\"seq\":1");

    assertThat(InterruptedSessions.mark(dir, chain())).as("a second start").isZero();
    assertThat(Files.readAllLines(dir.resolve("2026-12-02").resolve("chain.jsonl")))
        .as("sealed once")
        .hasSize(1);
  }

  @Test
  void aSessionThatEndedButMissedTheChainIsSealedAtStartAsComplete() throws IOException {
    Path ended = session("2026-12-02", "ended");
    Files.writeString(ended.resolve("archive.json"), "{\"complete\":true}");

    assertThat(InterruptedSessions.mark(dir, chain())).as("not interrupted").isZero();

    assertThat(json(ended.resolve("manifest.json")).getBoolean("complete")).isTrue();
    assertThat(chain().isSealed("ended")).isTrue();
  }

  private static JsonObject json(Path file) throws IOException {
    return Json.createReader(new StringReader(Files.readString(file))).readObject();
  }

  @Test
  void theLegalHoldsFolderIsNoDay() throws IOException {
    session("2026-12-01", "yesterday");
    session("2026-12-02", "today");
    // Sorts after the days: it must not take one of the two places.
    Files.createDirectories(dir.resolve(LegalHolds.FOLDER).resolve("not-a-session"));

    assertThat(InterruptedSessions.mark(dir, chain())).isEqualTo(2);
    assertThat(dir.resolve(LegalHolds.FOLDER).resolve("not-a-session").resolve("archive.json"))
        .doesNotExist();
  }

  @Test
  void aRootThatCannotBeReadMarksNothingAndDoesNotThrow() throws IOException {
    assertThat(InterruptedSessions.mark(dir.resolve("missing"), chain())).isZero();
  }
}
