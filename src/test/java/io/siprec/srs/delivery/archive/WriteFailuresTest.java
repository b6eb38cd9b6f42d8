package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.testsupport.SettableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WriteFailuresTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final WriteFailures failures = new WriteFailures(clock);

  @Test
  void everyFailureIsCountedAndTheLastOneNamesItsSessionAndTime() {
    RecordingSessionId a = RecordingSessionId.random();
    RecordingSessionId b = RecordingSessionId.random();
    assertThat(failures.count()).isZero();
    assertThat(failures.last()).isEmpty();

    failures.failed(a, new IOException("No space left on device"));
    clock.advance(Duration.ofSeconds(1));
    failures.failed(b, new IOException("Read-only file system"));

    assertThat(failures.count()).isEqualTo(2);
    assertThat(failures.last())
        .startsWith("2026-12-02T10:00:01Z")
        .contains(b.value())
        .contains("Read-only file system");
  }

  @Test
  void aSessionsFailuresAreLoggedOnceUntilItsFolderIsClosed() {
    RecordingSessionId a = RecordingSessionId.random();
    assertThat(failures.failed(a, new IOException("full"))).isTrue();
    assertThat(failures.failed(a, new IOException("full"))).isFalse();
    assertThat(failures.failed(RecordingSessionId.random(), new IOException("full"))).isTrue();
    failures.sessionClosed(a);
    assertThat(failures.failed(a, new IOException("full"))).isTrue();
    assertThat(failures.count()).as("each one counted, logged or not").isEqualTo(4);
  }

  @Test
  void theAlarmIsHeldForFiveMinutesAfterTheLastFailure() {
    assertThat(failures.alarmUp()).isFalse();
    failures.failed(RecordingSessionId.random(), new IOException("full"));
    assertThat(failures.alarmUp()).isTrue();
    clock.advance(Duration.ofMinutes(4));
    failures.failed(RecordingSessionId.random(), new IOException("full"));
    clock.advance(WriteFailures.ALARM_HOLD.minusSeconds(1));
    assertThat(failures.alarmUp()).as("held from the last failure").isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(failures.alarmUp()).isFalse();
    assertThat(WriteFailures.ALARM_HOLD).isEqualTo(Duration.ofMinutes(5));
  }
}
