package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.EventJson;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.SessionEvent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's API and the JMS events describe a session with one writer: for the same ended
 * session, the console's detail carries the {@code session} object of its {@code session.ended}
 * event, and the session list's row says what that object says of every field both show.
 */
class ConsoleAndEventJsonAgreeTest {

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  @Test
  void theConsoleAndTheEventsAgreeOnASessionsFields() throws Exception {
    RecordedCallFixture f =
        new RecordedCallFixture(
            Settings.load(Map.<String, String>of()::get, k -> null, null),
            new SimpleMeterRegistry());
    RecordingSession call = f.call(false);
    f.service.end(call.id(), EndReason.SRC_BYE);
    EndedSession ended = f.timelines.ended(call.id()).orElseThrow();

    JsonObject event =
        parse(
            EventJson.write(
                new SessionEvent.SessionEnded(
                    call.id(),
                    f.clock.instant(),
                    ended.reason(),
                    ended.duration(),
                    ended.session())));
    JsonObject detail =
        parse(
            ConsoleJson.detail(
                ended.session(), ended.duration(), ended.reason(), 0, ended.timeline()));
    JsonObject row =
        parse(ConsoleJson.recent(f.clock.instant(), 10, 1, List.of(ended), s -> 0))
            .getJsonArray("sessions")
            .getJsonObject(0);
    JsonObject session = event.getJsonObject("session");

    assertThat(detail.getJsonObject("session")).isEqualTo(session);
    for (String field :
        List.of(
            "callId",
            "srcAddress",
            "srcVendor",
            "userAgent",
            "startedAt",
            "endedAt",
            "streams",
            "metadataProblem")) {
      assertThat(row.get(field)).as(field).isEqualTo(session.get(field));
    }
    assertThat(row.getString("endReason")).isEqualTo(event.getString("reason"));
    assertThat(row.getJsonNumber("durationMs")).isEqualTo(event.getJsonNumber("durationMs"));

    // The row names the metadata's participants by the fields a stream names its senders with.
    JsonArray participants = session.getJsonObject("metadata").getJsonArray("participants");
    assertThat(row.getJsonArray("participants")).hasSize(participants.size()).isNotEmpty();
    for (int i = 0; i < participants.size(); i++) {
      JsonObject p = participants.getJsonObject(i);
      JsonObject shown = row.getJsonArray("participants").getJsonObject(i);
      assertThat(shown.keySet()).containsExactly("id", "aor", "name", "role");
      for (String key : shown.keySet()) {
        assertThat(shown.get(key)).as("participant %d %s", i, key).isEqualTo(p.get(key));
      }
    }
    assertThat(row.getJsonArray("metadataRepairs"))
        .isEqualTo(session.getJsonObject("metadata").getJsonArray("repairs"));
    assertThat(session.getJsonArray("streams"))
        .as("the streams compared, with their stage figures")
        .isNotEmpty()
        .allSatisfy(
            s ->
                assertThat(s.asJsonObject().getJsonObject("statistics").get("stages"))
                    .isNotNull()
                    .isNotEqualTo(JsonValue.NULL));
  }
}
