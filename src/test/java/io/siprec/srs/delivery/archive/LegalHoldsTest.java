package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.LegalHold;
import io.siprec.srs.session.RecordingSessionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegalHoldsTest {
  private static final RecordingSessionId ID = new RecordingSessionId("s-1");
  @TempDir Path dir;

  @Test
  void aHoldIsAFileWithWhoWhenAndWhyThatAnotherInstanceReads() throws Exception {
    LegalHold hold =
        new LegalHold(ID, "2026-12-02", "admin", Instant.parse("2026-12-02T10:00:00Z"), "case 7");
    new LegalHolds(dir).put(hold);
    assertThat(dir.resolve(LegalHolds.FOLDER).resolve("s-1.json")).exists();
    assertThat(dir.resolve(LegalHolds.FOLDER).resolve("s-1.json.tmp")).doesNotExist();

    LegalHolds afterRestart = new LegalHolds(dir);
    assertThat(afterRestart.isHeld("s-1")).isTrue();
    assertThat(afterRestart.of(ID)).contains(hold);
    assertThat(afterRestart.release(ID)).isEqualTo(hold);
    assertThat(afterRestart.isHeld("s-1")).isFalse();
    assertThatThrownBy(() -> afterRestart.release(ID)).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aHoldFileThatCannotBeReadStillHolds() throws Exception {
    Files.createDirectories(dir.resolve(LegalHolds.FOLDER));
    Files.writeString(dir.resolve(LegalHolds.FOLDER).resolve("s-1.json"), "{\"session\":");
    LegalHolds holds = new LegalHolds(dir);
    assertThat(holds.isHeld("s-1")).isTrue();
    assertThat(holds.of(ID)).get().extracting(LegalHold::why).isEqualTo("(hold file unreadable)");
    assertThat(holds.all()).hasSize(1);
  }

  @Test
  void noFolderNoHolds() {
    assertThat(new LegalHolds(dir).all()).isEmpty();
    assertThat(new LegalHolds(dir).of(ID)).isEmpty();
  }
}
