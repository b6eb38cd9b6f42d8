package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.Settings;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.LegalHold;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import io.siprec.srs.testsupport.SettableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive as the admin API drives it: a retention policy, holds that survive a restart. */
class ArchiveCustodyTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(NOW);
  private final List<RecordingArchive> started = new ArrayList<>();

  private RecordingArchive archive() throws Exception {
    Path policy = dir.resolve("policy.txt");
    // The session of endedEventOf comes from 192.0.2.1 with User-Agent "SBC".
    Files.writeString(policy, "# test\nshort ; src=192.0.2.1 ; ua=SBC ; keep=5s\n");
    Map<String, String> p = new HashMap<>();
    p.put("srs.archive.dir", dir.resolve("archive").toString());
    p.put("srs.archive.retention-policy", policy.toString());
    RecordingArchive a = new RecordingArchive(Settings.load(p::get, k -> null, null), clock);
    a.start();
    started.add(a);
    return a;
  }

  @AfterEach
  void stop() {
    started.forEach(a -> a.stop(Duration.ofSeconds(5)));
  }

  private static AudioChunk chunk(RecordingSessionId id) {
    return new AudioChunk(
        id, new StreamLabel("1"), 0, 16000, 0, 0, new byte[320], false, StreamAttribution.UNKNOWN);
  }

  private static void waitFor(BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void aLiveSessionHeldOutlivesItsRetentionAndARestartUntilReleased() throws Exception {
    RecordingArchive archive = archive();
    RecordingSessionId id = RecordingSessionId.random();
    archive.accept(chunk(id));
    waitFor(() -> archive.find(id).isPresent());

    LegalHold hold = archive.hold(id, "admin", "  case 2026-17  ");
    assertThat(hold.why()).isEqualTo("case 2026-17");
    assertThat(hold.day()).isEqualTo("2026-12-02");
    assertThat(hold.at()).isEqualTo(NOW);
    assertThatThrownBy(() -> archive.hold(id, "admin", "again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already");

    archive.publish(RecordingArchiveTest.endedEventOf(id));
    Path folder = dir.resolve("archive/2026-12-02").resolve(id.value());
    waitFor(() -> Files.exists(folder.resolve(RetentionDecision.FILE)));
    RetentionDecision decision = RetentionDecision.read(folder.resolve(RetentionDecision.FILE));
    assertThat(decision.rule()).isEqualTo("short");
    assertThat(decision.period()).isEqualTo("5s");

    clock.advance(Duration.ofMinutes(1));
    assertThat(archive.sweepNow()).isEmpty();
    assertThat(folder).exists();

    // Another run of the server: the hold is on disk.
    archive.stop(Duration.ofSeconds(5));
    RecordingArchive again = archive();
    assertThat(again.holdOf(id)).contains(hold);
    assertThat(again.holds()).containsExactly(hold);
    assertThat(again.sweepNow()).isEmpty();

    assertThat(again.release(id, "admin", "case closed")).isEqualTo(hold);
    assertThat(again.holdOf(id)).isEmpty();
    assertThat(again.sweepNow()).extracting(r -> r.session()).containsExactly(id.value());
    assertThat(folder).doesNotExist();

    List<JsonObject> audit =
        Files.readAllLines(dir.resolve("archive").resolve(AuditLog.FILE)).stream()
            .map(l -> Json.createReader(new StringReader(l)).readObject())
            .toList();
    assertThat(audit)
        .extracting(o -> o.getString("action"))
        .containsExactly("hold", "release", "deleted");
    assertThat(audit.get(0).getString("by")).isEqualTo("admin");
    assertThat(audit.get(0).getString("why")).isEqualTo("case 2026-17");
    assertThat(audit.get(1).getString("why")).isEqualTo("case closed");
    assertThat(audit.get(2).getString("reason")).isEqualTo("retention");
    assertThat(audit.get(2).getString("request")).isEqualTo("rule:short");
  }

  @Test
  void badRequestsAreRefusedWithAReason() throws Exception {
    RecordingArchive archive = archive();
    RecordingSessionId unknown = RecordingSessionId.random();
    assertThatThrownBy(() -> archive.hold(unknown, "admin", "why"))
        .isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> archive.release(unknown, "admin", "why"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("not held");
    assertThatThrownBy(() -> archive.hold(unknown, "admin", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("why is required");
    assertThatThrownBy(() -> archive.hold(unknown, "admin", "line\nbreak"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> archive.eraseParticipant("sip:a@b", "admin", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("request is required");
    assertThatThrownBy(() -> archive.eraseParticipant("x".repeat(1001), "admin", "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than");
  }

  @Test
  void anUnreadablePolicyStopsTheStartNamingTheLine() throws Exception {
    Path policy = dir.resolve("bad.txt");
    Files.writeString(policy, "ok ; keep=1d\nbroken ; keep=soon\n");
    Map<String, String> p = new HashMap<>();
    p.put("srs.archive.dir", dir.resolve("archive").toString());
    p.put("srs.archive.retention-policy", policy.toString());
    RecordingArchive a = new RecordingArchive(Settings.load(p::get, k -> null, null), clock);
    assertThatThrownBy(a::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.txt line 2")
        .hasMessageContaining("keep 'soon'");
  }

  @Test
  void anArchiveThatIsOffRefusesCustodyCommands() {
    RecordingArchive off =
        new RecordingArchive(
            Settings.load(Map.of("srs.archive.enabled", "false")::get, k -> null, null), clock);
    off.start();
    assertThatThrownBy(() -> off.holds()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(off::sweepNow).isInstanceOf(IllegalStateException.class);
  }
}
