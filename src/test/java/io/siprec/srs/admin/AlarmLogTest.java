package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.SettableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlarmLogTest {
  private static final Instant T0 = Instant.parse("2026-03-11T09:00:00Z");
  private final SettableClock clock = new SettableClock(T0);
  private final AlarmLog log = new AlarmLog(clock);

  private Health read(boolean accepting, String broker, String... alarms) {
    return log.stamp(Health.of(accepting, broker, 0, List.of(alarms)));
  }

  @Test
  void anAlarmKeepsTheTimeItWasFirstSeenUpWhileItStaysUp() {
    assertThat(read(true, "connected").alarmsRaised()).isEmpty();
    clock.advance(Duration.ofSeconds(5));
    assertThat(read(true, "connected", "ARCHIVE_LOW_SPACE").alarmsRaised())
        .containsExactly(new RaisedAlarm("ARCHIVE_LOW_SPACE", T0.plusSeconds(5)));
    clock.advance(Duration.ofSeconds(30));
    assertThat(read(true, "connected", "ARCHIVE_LOW_SPACE", "NO_HEADROOM").alarmsRaised())
        .containsExactly(
            new RaisedAlarm("ARCHIVE_LOW_SPACE", T0.plusSeconds(5)),
            new RaisedAlarm("NO_HEADROOM", T0.plusSeconds(35)));
  }

  @Test
  void anAlarmThatWentDownAndCameBackIsRaisedAnew() {
    read(true, "connected", "ARCHIVE_WRITE_FAILED");
    clock.advance(Duration.ofSeconds(10));
    read(true, "connected");
    clock.advance(Duration.ofSeconds(10));
    assertThat(read(true, "connected", "ARCHIVE_WRITE_FAILED").alarmsRaised())
        .containsExactly(new RaisedAlarm("ARCHIVE_WRITE_FAILED", T0.plusSeconds(20)));
  }

  @Test
  void theBrokerDownIsAStatusWithItsOwnSinceAndLeadsTheBanner() {
    Health up = read(true, "connected", "ARCHIVE_LOW_SPACE");
    assertThat(up.statusSince()).isEqualTo(T0);
    assertThat(up.banner()).extracting(RaisedAlarm::name).containsExactly("ARCHIVE_LOW_SPACE");
    clock.advance(Duration.ofSeconds(3));
    read(true, "down", "ARCHIVE_LOW_SPACE");
    clock.advance(Duration.ofSeconds(3));
    Health down = read(true, "down", "ARCHIVE_LOW_SPACE");
    assertThat(down.status()).isEqualTo(Health.BROKER_DOWN);
    assertThat(down.statusSince()).isEqualTo(T0.plusSeconds(3));
    assertThat(down.banner())
        .containsExactly(
            new RaisedAlarm(Health.BROKER_DOWN, T0.plusSeconds(3)),
            new RaisedAlarm("ARCHIVE_LOW_SPACE", T0));
    clock.advance(Duration.ofSeconds(3));
    Health back = read(true, "buffering", "ARCHIVE_LOW_SPACE");
    assertThat(back.statusSince()).isEqualTo(T0.plusSeconds(9));
    assertThat(back.banner()).extracting(RaisedAlarm::name).containsExactly("ARCHIVE_LOW_SPACE");
  }

  @Test
  void healthJsonSaysSinceWhen() {
    clock.advance(Duration.ofSeconds(2));
    JsonObject o =
        Json.createReader(
                new StringReader(ConsoleJson.health(read(true, "connected", "ARCHIVE_LOW_SPACE"))))
            .readObject();
    assertThat(o.getString("statusSince")).isEqualTo("2026-03-11T09:00:02Z");
    assertThat(o.getJsonArray("alarms").getString(0)).isEqualTo("ARCHIVE_LOW_SPACE");
    JsonObject raised = o.getJsonArray("alarmsRaised").getJsonObject(0);
    assertThat(raised.getString("name")).isEqualTo("ARCHIVE_LOW_SPACE");
    assertThat(raised.getString("since")).isEqualTo("2026-03-11T09:00:02Z");
  }
}
