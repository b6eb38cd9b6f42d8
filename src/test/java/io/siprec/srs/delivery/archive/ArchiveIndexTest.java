package io.siprec.srs.delivery.archive;

import static io.siprec.srs.delivery.archive.SnapshotFixture.participant;
import static io.siprec.srs.delivery.archive.SnapshotFixture.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.Settings;
import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.json.CallSummaryJson;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SettableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive's search index: the file each session folder gets as it ends, read back at start
 * within its bound, and forgotten with the folder when retention or erasure deletes it.
 */
class ArchiveIndexTest {
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String FIXTURE = "archive/index/index.json";
  @TempDir Path dir;
  private final SettableClock clock = new SettableClock(NOW);
  private final List<RecordingArchive> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(a -> a.stop(Duration.ofSeconds(5)));
  }

  @Test
  void aHandWrittenEntryReadsAsWhatItSaysAndWritesBackTheSame() throws Exception {
    String text = Fixtures.text(FIXTURE);
    CallSummary c = CallSummaryJson.read(text);
    assertThat(c.id().value()).isEqualTo("0b3f2c1e-5a6d-4e7f-8a9b-0c1d2e3f4a5b");
    assertThat(c.state()).isEqualTo(CallSummary.State.ARCHIVED);
    assertThat(c.callId()).isEqualTo("a84b4c76e66710@pc33.example.com");
    assertThat(c.startedAt()).isEqualTo(Instant.parse("2026-12-01T08:15:00Z"));
    assertThat(c.duration()).isEqualTo(Duration.ofMillis(150250));
    assertThat(c.endReason()).isEqualTo(EndReason.SRC_BYE);
    assertThat(c.participants())
        .containsExactly(
            new CallSummary.Party("sip:alice@example.com", "Alice Archer"),
            new CallSummary.Party("tel:+15551234567", ""));
    assertThat(c.callIds())
        .containsEntry("ucid", "00001002161627472400")
        .containsEntry("x-genesys-uuid", "GEN-77");
    assertThat(c.completeness()).isEqualTo(0.9812);
    assertThat(c.problems()).containsExactly(CallSummary.LOSS);
    assertThat(c.day()).isEqualTo("2026-12-01");
    assertThat(CallSummaryJson.line(c)).isEqualTo(text.strip());
  }

  @Test
  void anEntryThatIsNotOneIsRefusedSayingWhy() {
    assertThatThrownBy(() -> CallSummaryJson.read("[1,2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a JSON object");
    assertThatThrownBy(() -> CallSummaryJson.read("{\"state\":\"archived\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"id\"");
    String text = Fixtures.text(FIXTURE);
    assertThatThrownBy(() -> CallSummaryJson.read(text.replace("2026-12-01T08:15:00Z", "soon")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallSummaryJson.read(text.replace("SRC_BYE", "HUNG_UP")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallSummaryJson.read(text.replace("150250", "\"long\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durationMs");
  }

  @Test
  void loadingKeepsTheNewestWithinTheBoundAndSkipsFoldersWithoutAReadableEntry() throws Exception {
    String text = Fixtures.text(FIXTURE);
    String[][] sessions = {
      {"2026-11-30", "a-oldest"}, {"2026-12-01", "b-middle"}, {"2026-12-01", "c-newer"},
    };
    for (String[] s : sessions) {
      Path folder = Files.createDirectories(dir.resolve(s[0]).resolve(s[1]));
      Files.writeString(
          folder.resolve(ArchiveIndex.FILE),
          text.replace("0b3f2c1e-5a6d-4e7f-8a9b-0c1d2e3f4a5b", s[1]),
          StandardCharsets.UTF_8);
    }
    Files.createDirectories(dir.resolve("2026-12-02").resolve("d-no-index"));
    Path broken = Files.createDirectories(dir.resolve("2026-12-02").resolve("e-broken"));
    Files.writeString(broken.resolve(ArchiveIndex.FILE), "{\"id\":");
    Files.writeString(dir.resolve("audit.jsonl"), "not a day folder\n");

    ArchiveIndex all = ArchiveIndex.load(dir, 10);
    assertThat(all.all())
        .extracting(c -> c.id().value())
        .containsExactly("a-oldest", "b-middle", "c-newer");
    assertThat(all.leftOut()).isZero();

    ArchiveIndex bounded = ArchiveIndex.load(dir, 2);
    assertThat(bounded.all())
        .extracting(c -> c.id().value())
        .containsExactly("b-middle", "c-newer");
    assertThat(bounded.leftOut()).isEqualTo(1);
    assertThat(bounded.capacity()).isEqualTo(2);

    // A new one to a full index: the oldest leaves.
    bounded.add(
        CallSummaryJson.read(text.replace("0b3f2c1e-5a6d-4e7f-8a9b-0c1d2e3f4a5b", "f-new")));
    assertThat(bounded.all()).extracting(c -> c.id().value()).containsExactly("c-newer", "f-new");
    assertThat(bounded.leftOut()).isEqualTo(2);
    bounded.forget("c-newer");
    assertThat(bounded.all()).extracting(c -> c.id().value()).containsExactly("f-new");
    assertThatThrownBy(() -> new ArchiveIndex(0)).isInstanceOf(IllegalArgumentException.class);
  }

  private RecordingArchive archive() {
    Path policy = dir.resolve("policy.txt");
    try {
      Files.writeString(policy, "short ; src=192.0.2.1 ; keep=5s\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> p = new HashMap<>();
    p.put("srs.archive.dir", dir.resolve("archive").toString());
    p.put("srs.archive.retention-policy", policy.toString());
    RecordingArchive a = new RecordingArchive(Settings.load(p::get, k -> null, null), clock);
    a.start();
    started.add(a);
    return a;
  }

  private static SessionEvent.SessionEnded ended(RecordingSessionId id, String src, String aor) {
    SessionSnapshot s =
        snapshot(
            src,
            "ExampleSBC/1.0",
            "Example",
            List.of(participant(aor, ParticipantRole.CALLER, Map.of())),
            Map.of("ucid", "UCID-" + id.value()));
    return new SessionEvent.SessionEnded(
        id, NOW.plusSeconds(30), EndReason.SRC_BYE, Duration.ofSeconds(30), s);
  }

  private static void waitFor(BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  private static Set<String> ids(RecordingArchive a) {
    Set<String> out = new TreeSet<>();
    a.archivedCalls().forEach(c -> out.add(c.id().value()));
    return out;
  }

  @Test
  void eachEndedSessionIsIndexedInItsFolderFoundAgainAfterARestartAndGoneWithItsFolder()
      throws Exception {
    RecordingArchive archive = archive();
    RecordingSessionId expiring = RecordingSessionId.random();
    RecordingSessionId erased = RecordingSessionId.random();
    RecordingSessionId kept = RecordingSessionId.random();
    archive.publish(ended(expiring, "192.0.2.1:5060/udp", "sip:ann@example.com"));
    archive.publish(ended(erased, "198.51.100.7:5060/udp", "sip:dave@example.com"));
    archive.publish(ended(kept, "198.51.100.7:5060/udp", "sip:ann@example.com"));
    waitFor(() -> archive.archivedCalls().size() == 3);

    Path day = dir.resolve("archive/2026-12-02");
    Path keptFile = day.resolve(kept.value()).resolve(ArchiveIndex.FILE);
    CallSummary onDisk = CallSummaryJson.read(Files.readString(keptFile));
    assertThat(onDisk.id()).isEqualTo(kept);
    assertThat(onDisk.state()).isEqualTo(CallSummary.State.ARCHIVED);
    assertThat(onDisk.day()).isEqualTo("2026-12-02");
    assertThat(onDisk.participants())
        .extracting(CallSummary.Party::aor)
        .containsExactly("sip:ann@example.com");
    assertThat(onDisk.callIds()).containsEntry("ucid", "UCID-" + kept.value());
    assertThat(onDisk.endReason()).isEqualTo(EndReason.SRC_BYE);
    // Written before the seal: the manifest vouches for it.
    waitFor(() -> Files.exists(day.resolve(kept.value()).resolve(ManifestChain.MANIFEST)));
    assertThat(Files.readString(day.resolve(kept.value()).resolve(ManifestChain.MANIFEST)))
        .contains(ArchiveIndex.FILE);

    archive.stop(Duration.ofSeconds(5));
    RecordingArchive again = archive();
    assertThat(ids(again))
        .containsExactlyInAnyOrder(expiring.value(), erased.value(), kept.value());
    assertThat(again.indexCapacity()).isEqualTo(20_000);

    clock.advance(Duration.ofMinutes(1));
    assertThat(again.sweepNow()).extracting(r -> r.session()).containsExactly(expiring.value());
    assertThat(ids(again)).containsExactlyInAnyOrder(erased.value(), kept.value());

    assertThat(again.eraseParticipant("sip:dave@example.com", "admin", "req-1").deleted())
        .extracting(r -> r.session())
        .containsExactly(erased.value());
    assertThat(ids(again)).containsExactly(kept.value());

    again.stop(Duration.ofSeconds(5));
    assertThat(ids(archive())).containsExactly(kept.value());
  }
}
