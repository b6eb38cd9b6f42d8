package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.InvalidSettingsException;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingRequest;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import io.siprec.srs.testsupport.FakeMediaGateway;
import io.siprec.srs.testsupport.Keytool;
import io.siprec.srs.testsupport.SettableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingArchiveTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  @TempDir Path dir;

  private RecordingArchive archive(Map<String, String> extra) {
    return archive(extra, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private RecordingArchive archive(Map<String, String> extra, Clock clock) {
    Map<String, String> p = new HashMap<>(extra);
    p.put("srs.archive.dir", dir.toString());
    Settings settings = Settings.load(p::get, k -> null, null);
    RecordingArchive a = new RecordingArchive(settings, clock);
    a.start();
    return a;
  }

  private static AudioChunk chunk(
      RecordingSessionId id, String label, long seq, long start, int samples, boolean last) {
    return new AudioChunk(
        id,
        new StreamLabel(label),
        seq,
        16000,
        start,
        0,
        new byte[samples * 2],
        last,
        StreamAttribution.UNKNOWN);
  }

  @Test
  void aSessionBecomesAFolderWithItsStreamsEventsAndFinalSnapshot() throws Exception {
    RecordingArchive archive = archive(Map.of());
    RecordingSessionId id = RecordingSessionId.random();
    archive.accept(chunk(id, "1", 0, 0, 1600, false));
    archive.accept(chunk(id, "a/../b", 0, 0, 1600, false));
    archive.accept(chunk(id, "1", 1, 4800, 1600, true)); // 200 ms gap
    archive.publish(endedEventOf(id));
    archive.stop(Duration.ofSeconds(5));

    Path folder = dir.resolve("2026-12-02").resolve(id.value());
    assertThat(archive.find(id)).contains(folder);
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .hasSize(8)
          .contains(
              "archive.json",
              "events.jsonl",
              ArchiveIndex.FILE,
              "session.json",
              RetentionDecision.FILE,
              "stream-1.wav",
              "manifest.json")
          .anyMatch(n -> n.startsWith("stream-a_.._b-") && n.endsWith(".wav"));
    }
    JsonObject summary =
        Json.createReader(new StringReader(Files.readString(folder.resolve("archive.json"))))
            .readObject();
    assertThat(summary.getBoolean("complete")).isTrue();
    JsonObject stream1 = summary.getJsonArray("files").getJsonObject(0);
    assertThat(stream1.getString("file")).isEqualTo("stream-1.wav");
    assertThat(stream1.getInt("frames")).isEqualTo(6400);
    assertThat(stream1.getInt("silenceFrames")).isEqualTo(3200);
    assertThat(Files.readAllLines(folder.resolve("events.jsonl"))).hasSize(1);
    assertThat(archive.chunksWritten()).isEqualTo(3);
    assertThat(archive.writeErrors()).isZero();
  }

  @Test
  void aDiskThatFailsIsCountedAndShownNeverThrown() throws Exception {
    Files.writeString(dir.resolve("2026-12-02"), "a file where the day folder should be");
    RecordingArchive archive = archive(Map.of());
    RecordingSessionId id = RecordingSessionId.random();
    archive.accept(chunk(id, "1", 0, 0, 160, false));
    archive.accept(chunk(id, "1", 1, 160, 160, false));
    archive.stop(Duration.ofSeconds(5));
    assertThat(archive.writeErrors()).isEqualTo(2);
    assertThat(archive.lastError()).contains(id.value());
    assertThat(archive.chunksWritten()).isZero();
  }

  @Test
  void aFailedWriteRaisesAnAlarmThatOutlivesTheFailureByFiveMinutes() throws Exception {
    SettableClock clock = new SettableClock(NOW);
    Files.writeString(dir.resolve("2026-12-02"), "a file where the day folder should be");
    RecordingArchive archive = archive(Map.of("srs.archive.min-free-mb", "0"), clock);
    assertThat(archive.alarms()).isEmpty();
    archive.accept(chunk(RecordingSessionId.random(), "1", 0, 0, 160, false));
    waitFor(() -> archive.writeErrors() == 1, Duration.ofSeconds(5));
    assertThat(archive.alarms()).containsExactly(RecordingArchive.ALARM_WRITE_FAILED);
    clock.advance(RecordingArchive.WRITE_ALARM_HOLD.minusSeconds(1));
    assertThat(archive.alarms()).containsExactly(RecordingArchive.ALARM_WRITE_FAILED);
    clock.advance(Duration.ofSeconds(1));
    assertThat(archive.alarms()).isEmpty();
    archive.stop(Duration.ofSeconds(5));
  }

  @Test
  void lessFreeSpaceThanTheMinimumIsAnAlarmFromStartUp() throws Exception {
    long freeMb = Files.getFileStore(dir).getUsableSpace() / (1024 * 1024);
    RecordingArchive full =
        archive(Map.of("srs.archive.min-free-mb", String.valueOf(freeMb + 1024)));
    assertThat(full.alarms()).containsExactly(RecordingArchive.ALARM_LOW_SPACE);
    assertThat(full.usableBytes()).isPositive();
    full.stop(Duration.ofSeconds(1));
    RecordingArchive roomy = archive(Map.of("srs.archive.min-free-mb", "1"));
    assertThat(roomy.alarms()).isEmpty();
    roomy.stop(Duration.ofSeconds(1));
  }

  private static void waitFor(BooleanSupplier condition, Duration bound)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as("within %s", bound).isTrue();
  }

  @Test
  void dayFoldersOlderThanTheRetentionAreDeletedOthersKept() throws Exception {
    for (String day :
        List.of("2026-11-01", "2026-11-02", "2026-11-03", "2026-12-01", "not-a-day")) {
      Files.createDirectories(dir.resolve(day).resolve("some-session"));
    }
    RecordingArchive archive = archive(Map.of("srs.archive.retention-days", "30"));
    archive.deleteExpired();
    archive.stop(Duration.ZERO);
    try (var days = Files.list(dir)) {
      // Kept: the 30 days up to today, 2026-11-03 .. 2026-12-02; and what is not ours. Today's
      // folder holds the chain the start-up gave 2026-12-01's unsealed session to; what was
      // deleted is in the audit log.
      assertThat(days.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("2026-11-03", "2026-12-01", "2026-12-02", AuditLog.FILE, "not-a-day");
    }
  }

  @Test
  void aFullBacklogDropsChunksAndCountsThemPerSession() throws Exception {
    RecordingArchive archive = archive(Map.of("srs.archive.backlog", "1"));
    RecordingSessionId id = RecordingSessionId.random();
    for (int i = 0; i < 2000; i++) {
      archive.accept(chunk(id, "1", i, i * 1600L, 1600, false));
    }
    // Every one of the 2000 written or dropped: the backlog is empty, so the next one is taken.
    waitFor(
        () -> archive.chunksWritten() + archive.chunksDropped() == 2000, Duration.ofSeconds(10));
    archive.accept(chunk(id, "1", 2000, 2000 * 1600L, 1600, false));
    archive.stop(Duration.ofSeconds(10));
    assertThat(archive.chunksDropped()).isPositive();
    assertThat(archive.chunksWritten() + archive.chunksDropped()).isEqualTo(2001);
    JsonObject summary =
        Json.createReader(
                new StringReader(
                    Files.readString(archive.find(id).orElseThrow().resolve("archive.json"))))
            .readObject();
    assertThat(summary.getBoolean("complete")).isFalse(); // stopped before the session ended
    assertThat(summary.getJsonNumber("chunksDroppedByArchive").longValue())
        .isEqualTo(archive.chunksDropped());
    // The file's timeline is still the stream's: dropped chunks became silence.
    assertThat(summary.getJsonArray("files").getJsonObject(0).getJsonNumber("frames").longValue())
        .isEqualTo(2001 * 1600L);
  }

  @Test
  void withASigningKeyEachEndedSessionIsSealedSignedAndTheKeyPublished() throws Exception {
    Keytool keytool = Keytool.in(dir.resolve("keys"), "archive-pass");
    Path store = keytool.ed25519KeyPair("archive.p12", "archive-signing");
    RecordingArchive archive =
        archive(
            Map.of(
                "srs.archive.keystore", store.toString(),
                "srs.archive.keystore-password-file",
                    keytool.passwordFile("archive-pass.txt").toString(),
                "srs.archive.signing.key-id", "archive-signing"));
    RecordingSessionId id = RecordingSessionId.random();
    archive.accept(chunk(id, "1", 0, 0, 1600, true));
    archive.publish(endedEventOf(id));
    archive.stop(Duration.ofSeconds(5));

    Path day = dir.resolve("2026-12-02");
    JsonObject manifest =
        Json.createReader(
                new StringReader(
                    Files.readString(day.resolve(id.value()).resolve("manifest.json"))))
            .readObject();
    assertThat(manifest.getBoolean("complete")).isTrue();
    assertThat(manifest.getJsonObject("signing").getString("keyId")).isEqualTo("archive-signing");
    assertThat(Files.readString(day.resolve("chain.jsonl")))
        .contains("\"session\":\"" + id.value() + "\"")
        .containsPattern("\"signature\":\"[A-Za-z0-9+/]{86}==\""); // 64 bytes of Ed25519
    assertThat(day.resolve("signing-key.pem")).exists();
  }

  @Test
  void aSigningKeyThatCannotBeHadStopsTheStartNamingTheSettingAndWhy() throws Exception {
    Keytool keytool = Keytool.in(dir.resolve("keys"), "archive-pass");
    Path store = keytool.ed25519KeyPair("archive.p12", "archive-signing");
    Path wrongPassword =
        Files.writeString(dir.resolve("keys").resolve("wrong.txt"), "not-the-password\n");
    Map<String, String> p = new HashMap<>();
    p.put("srs.archive.dir", dir.resolve("archive").toString());
    p.put("srs.archive.keystore", store.toString());
    p.put("srs.archive.keystore-password-file", wrongPassword.toString());
    p.put("srs.archive.signing.key-id", "archive-signing");
    RecordingArchive archive =
        new RecordingArchive(
            Settings.load(p::get, k -> null, null), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(archive::start)
        .isInstanceOf(InvalidSettingsException.class)
        .hasMessageContaining("srs.archive.signing.key-id=archive-signing")
        .hasMessageContaining("wrong password");
    assertThat(dir.resolve("archive")).as("nothing written before the refusal").doesNotExist();

    p.remove("srs.archive.keystore");
    RecordingArchive noStore =
        new RecordingArchive(
            Settings.load(p::get, k -> null, null), Clock.fixed(NOW, ZoneOffset.UTC));
    assertThatThrownBy(noStore::start)
        .hasMessageContaining(
            "srs.archive.signing.key-id is set but srs.archive.keystore is empty");
  }

  /** A real "session ended" event, from the recording service over a fake media engine. */
  static SessionEvent.SessionEnded endedEventOf(RecordingSessionId wanted) throws Exception {
    List<SessionEvent> events = new ArrayList<>();
    RecordingService service =
        new RecordingService(
            new SessionRegistry(),
            new FakeMediaGateway(),
            events::add,
            Clock.fixed(NOW, ZoneOffset.UTC));
    RecordingSession session =
        service.prepare(
            new RecordingRequest(
                "192.0.2.1:5060/udp",
                "call-1",
                "SBC",
                "unknown",
                true,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Map.of()));
    service.activate(session);
    service.end(session.id(), EndReason.SRC_BYE);
    SessionEvent.SessionEnded ended = (SessionEvent.SessionEnded) events.get(events.size() - 1);
    return new SessionEvent.SessionEnded(
        wanted, ended.at(), ended.reason(), ended.duration(), ended.session());
  }
}
