package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWriterTest {
  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
  @TempDir Path dir;
  private final WriteFailures failures = new WriteFailures(NOW);
  private ArchiveWriter writer;

  private ArchiveWriter started(int backlog) {
    try {
      writer =
          new ArchiveWriter(
              dir,
              ArchiveFiles.PLAIN,
              backlog,
              NOW,
              failures,
              ManifestChain.open(dir, null, NOW),
              (snapshot, day, endedAt) -> RetentionPolicy.defaultOnly(30).defaultFor(day, endedAt));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writer.start();
    return writer;
  }

  @AfterEach
  void stop() {
    if (writer != null) {
      writer.stop(Duration.ofSeconds(5));
    }
  }

  private static AudioChunk chunk(RecordingSessionId id, long seq, int samples) {
    return new AudioChunk(
        id,
        new StreamLabel("1"),
        seq,
        8000,
        seq * samples,
        0,
        new byte[samples * 2],
        false,
        StreamAttribution.UNKNOWN);
  }

  private static JsonObject json(Path file) throws IOException {
    return Json.createReader(new StringReader(Files.readString(file))).readObject();
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as("within 10 s").isTrue();
  }

  @Test
  void aSessionIsWrittenIntoTheDayItStartedAndClosedWhenItEnds() throws Exception {
    ArchiveWriter w = started(100);
    RecordingSessionId id = RecordingSessionId.random();
    Path folder = dir.resolve("2026-12-02").resolve(id.value());

    w.accept(chunk(id, 0, 160));
    w.accept(chunk(id, 1, 160));
    waitFor(() -> w.chunksWritten() == 2);
    assertThat(w.find(id)).contains(folder);
    assertThat(w.isLiveDay(folder.getParent())).as("retention must leave it alone").isTrue();
    assertThat(w.isLive(folder)).isTrue();

    w.publish(RecordingArchiveTest.endedEventOf(id));
    waitFor(() -> w.sessionsArchived() == 1);

    assertThat(w.isLiveDay(folder.getParent())).isFalse();
    assertThat(w.isLive(folder)).isFalse();
    assertThat(w.find(id)).as("found on disk once closed").contains(folder);
    assertThat(json(folder.resolve(RetentionDecision.FILE)).getString("rule")).isEqualTo("default");
    assertThat(w.eventsWritten()).isEqualTo(1);
    assertThat(json(folder.resolve("archive.json")).getBoolean("complete")).isTrue();
    assertThat(folder.resolve("session.json")).exists();
    assertThat(folder.resolve("stream-1.wav")).exists();
    assertThat(failures.count()).isZero();
  }

  @Test
  void aSessionIsSealedOnceClosedAndWhatComesLaterChangesNothingItsManifestVouchesFor()
      throws Exception {
    ArchiveWriter w = started(100);
    RecordingSessionId id = RecordingSessionId.random();
    Path folder = dir.resolve("2026-12-02").resolve(id.value());
    w.accept(chunk(id, 0, 160));
    w.publish(RecordingArchiveTest.endedEventOf(id));
    waitFor(() -> Files.exists(folder.resolve("manifest.json")));
    byte[] manifest = Files.readAllBytes(folder.resolve("manifest.json"));
    byte[] wav = Files.readAllBytes(folder.resolve("stream-1.wav"));
    assertThat(json(folder.resolve("manifest.json")).getBoolean("complete")).isTrue();

    w.accept(chunk(id, 1, 160)); // late
    w.stop(Duration.ofSeconds(5));
    assertThat(folder.resolve("stream-1.wav")).hasBinaryContent(wav);
    assertThat(folder.resolve("manifest.json")).hasBinaryContent(manifest);
    assertThat(w.chunksWritten()).isEqualTo(1);
    assertThat(Files.readAllLines(dir.resolve("2026-12-02").resolve("chain.jsonl")))
        .as("sealed once")
        .hasSize(1);
  }

  @Test
  void whatIsStillOpenAtStopIsClosedAsIncomplete() throws Exception {
    ArchiveWriter w = started(100);
    RecordingSessionId id = RecordingSessionId.random();
    w.accept(chunk(id, 0, 160));
    w.stop(Duration.ofSeconds(5));

    JsonObject summary =
        json(dir.resolve("2026-12-02").resolve(id.value()).resolve("archive.json"));
    assertThat(summary.getBoolean("complete")).isFalse();
    assertThat(
            json(dir.resolve("2026-12-02").resolve(id.value()).resolve("manifest.json"))
                .getBoolean("complete"))
        .isFalse();
    assertThat(w.sessionsArchived()).isEqualTo(1);
    w.accept(chunk(id, 1, 160));
    assertThat(w.backlog()).as("nothing taken once stopped").isZero();
    assertThat(w.chunksDropped()).isZero();
  }

  @Test
  void aFullBacklogDropsChunksAndTheSessionsSummaryCountsThem() throws Exception {
    ArchiveWriter w = started(1);
    RecordingSessionId id = RecordingSessionId.random();
    for (int i = 0; i < 2000; i++) {
      w.accept(chunk(id, i, 1600));
    }
    waitFor(() -> w.chunksWritten() + w.chunksDropped() == 2000);
    w.stop(Duration.ofSeconds(10));

    assertThat(w.chunksDropped()).isPositive();
    JsonObject summary = json(w.find(id).orElseThrow().resolve("archive.json"));
    assertThat(summary.getJsonNumber("chunksDroppedByArchive").longValue())
        .isEqualTo(w.chunksDropped());
  }

  @Test
  void aFolderThatCannotBeMadeIsAFailureOfItsSessionNotOfTheWriter() throws Exception {
    Files.writeString(dir.resolve("2026-12-02"), "a file where the day folder should be");
    ArchiveWriter w = started(100);
    RecordingSessionId id = RecordingSessionId.random();
    w.accept(chunk(id, 0, 160));
    w.accept(chunk(id, 1, 160));
    waitFor(() -> failures.count() == 2);

    assertThat(w.chunksWritten()).isZero();
    assertThat(failures.last()).contains(id.value());
  }
}
