package io.siprec.srs.delivery.archive;

import static io.siprec.srs.delivery.archive.SnapshotFixture.participant;
import static io.siprec.srs.delivery.archive.SnapshotFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.ArchivedRecording;
import io.siprec.srs.session.ErasureReport;
import io.siprec.srs.session.LegalHold;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.Fixtures;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An erasure request over an archive of fixture sessions: held, cut off by a crash, encrypted,
 * live, and ones the participant is not in.
 */
class ErasureTest {
  private static final String CAROL = "sip:+15550142001@carrier.example.net";
  private static final String DAY = "2026-11-20";
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(NOW);
  private final Map<Path, SessionSnapshot> live = new HashMap<>();
  private LegalHolds holds;
  private Erasure erasure;

  @BeforeEach
  void archive() throws IOException {
    holds = new LegalHolds(dir);
    LiveSessions liveSessions =
        new LiveSessions() {
          @Override
          public boolean isLive(Path sessionDir) {
            return live.containsKey(sessionDir);
          }

          @Override
          public Map<Path, SessionSnapshot> snapshots() {
            return live;
          }
        };
    erasure = new Erasure(dir, liveSessions, holds, new AuditLog(dir, clock), new Object(), clock);
    folder("carol-held", "session.json", "archive/erasure/session-carol.json");
    folder("carol-plain", "session.json", "archive/erasure/session-carol.json");
    folder("erin", "session.json", "archive/erasure/session-erin.json");
    folder("carol-cut-off", "events.jsonl", "archive/erasure/events-cut-off.jsonl");
    Path encrypted = Files.createDirectories(dir.resolve(DAY).resolve("sealed"));
    Files.write(encrypted.resolve("session.json.enc"), new byte[] {1, 2, 3});
    Files.createDirectories(dir.resolve(DAY).resolve("empty"));
    holds.put(
        new LegalHold(new RecordingSessionId("carol-held"), DAY, "admin", NOW, "case 2026-17"));
  }

  private Path folder(String id, String name, String fixture) throws IOException {
    Path s = Files.createDirectories(dir.resolve(DAY).resolve(id));
    Files.write(s.resolve(name), Fixtures.bytes(fixture));
    Files.writeString(s.resolve("stream-1.wav"), "RIFF");
    return s;
  }

  private Path liveSession(String id, String aor) throws IOException {
    Path s = Files.createDirectories(dir.resolve("2026-12-02").resolve(id));
    live.put(
        s,
        snapshot(
            "192.0.2.10:5060/udp",
            "ExampleSBC/1.0",
            "unknown",
            List.of(participant(aor, ParticipantRole.CALLER, Map.of())),
            Map.of()));
    return s;
  }

  @Test
  void deletesEveryRecordingOfTheParticipantButHeldAndLiveOnesAndSaysWhatItCouldNotRead()
      throws IOException {
    liveSession("carol-live", "sip:+15550142001@carrier.example.net");
    liveSession("someone-live", "sip:frank@example.com");

    ErasureReport r = erasure.erase(CAROL, "admin", "GDPR-2026-0042");

    assertThat(r.deleted())
        .extracting(ArchivedRecording::session)
        .containsExactly("carol-cut-off", "carol-plain");
    assertThat(r.deleted().get(1).files()).containsExactly("session.json", "stream-1.wav");
    assertThat(r.held()).extracting(ArchivedRecording::session).containsExactly("carol-held");
    assertThat(r.live()).extracting(ArchivedRecording::session).containsExactly("carol-live");
    assertThat(r.notSearchable())
        .extracting(ErasureReport.NotSearchable::session)
        .containsExactly("empty", "sealed");
    assertThat(r.notSearchable().get(1).why()).contains("session.json.enc");

    assertThat(dir.resolve(DAY).resolve("carol-plain")).doesNotExist();
    assertThat(dir.resolve(DAY).resolve("carol-cut-off")).doesNotExist();
    assertThat(dir.resolve(DAY).resolve("carol-held")).exists();
    assertThat(dir.resolve(DAY).resolve("erin")).exists();
    assertThat(dir.resolve(DAY).resolve("sealed")).exists();
    assertThat(dir.resolve("2026-12-02").resolve("carol-live")).exists();
  }

  @Test
  void theAuditLogSaysWhoDeletedWhatOnWhichRequestButNeverTheAddress() throws IOException {
    ErasureReport r = erasure.erase(CAROL, "admin", "GDPR-2026-0042");

    String log = Files.readString(dir.resolve(AuditLog.FILE));
    assertThat(log).doesNotContain("15550142001").doesNotContain("carrier.example.net");
    List<JsonObject> lines =
        log.lines().map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
    assertThat(lines).hasSize(2);
    JsonObject first = lines.get(0);
    assertThat(first.getString("action")).isEqualTo("deleted");
    assertThat(first.getString("session")).isEqualTo("carol-cut-off");
    assertThat(first.getString("day")).isEqualTo(DAY);
    assertThat(first.getString("reason")).isEqualTo("erasure");
    assertThat(first.getString("by")).isEqualTo("admin");
    assertThat(first.getString("request")).isEqualTo("GDPR-2026-0042");
    assertThat(first.getString("time")).isEqualTo(NOW.toString());
    assertThat(first.getJsonArray("files").getValuesAs(JsonString.class))
        .extracting(JsonString::getString)
        .containsExactly("events.jsonl", "stream-1.wav");

    // The digest, checked by a peer: Python's hashlib (FIPS 180-4 SHA-256 of the UTF-8 address).
    ExternalTool.Run python =
        ExternalTool.run(
            new ProcessBuilder(
                "python3",
                "-c",
                "import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode('utf-8')).hexdigest())",
                CAROL),
            Duration.ofSeconds(20));
    assertThat(python.exit()).as(python.output()).isZero();
    assertThat(first.getString("aorSha256")).isEqualTo(python.output().strip());
    assertThat(r.aorSha256()).isEqualTo(python.output().strip());
  }

  @Test
  void aParticipantInNoRecordingDeletesNothing() throws IOException {
    ErasureReport r = erasure.erase("sip:nobody@example.com", "admin", "GDPR-1");
    assertThat(r.deleted()).isEmpty();
    assertThat(r.held()).isEmpty();
    assertThat(dir.resolve(AuditLog.FILE)).doesNotExist();
  }

  @Test
  void anAgentInSeveralRecordingsLosesAllButTheHeldOne() throws IOException {
    ErasureReport r = erasure.erase("sip:4711@pbx.example.org", "admin", "GDPR-2");
    assertThat(r.deleted())
        .extracting(ArchivedRecording::session)
        .containsExactly("carol-plain", "erin");
    assertThat(r.held()).extracting(ArchivedRecording::session).containsExactly("carol-held");
  }
}
