package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.SignallingLadders;
import io.siprec.srs.sip.SetupStatistics;
import io.siprec.srs.sip.SetupStatisticsAccess;
import io.siprec.srs.testsupport.JsonShapes;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The API's JSON views over a call recorded through the real service, and docs/admin.md held to
 * them: every documented example has exactly the fields we write. The rendered examples are written
 * to target/admin-examples for refreshing the document.
 */
class ConsoleJsonTest {
  /**
   * Compared as one field each: maps keyed by data (ids, status codes), and the session and stream
   * statistics objects, which docs/events.md documents field by field (and EventJsonTest holds
   * there).
   */
  private static final Set<String> OPAQUE =
      Set.of(
          "callIdentifiers",
          "callIds",
          "sipCallIdentifiers",
          "attributes",
          "rejectionsByStatus",
          "session",
          "statistics");

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private static Settings settings(Map<String, String> values) {
    return Settings.load(values::get, k -> null, null);
  }

  @Test
  void aLiveSessionListsItsParticipantsStreamsAndFigures() throws Exception {
    RecordedCallFixture f = new RecordedCallFixture(settings(Map.of()), new SimpleMeterRegistry());
    RecordingSession session = f.call(false);

    JsonObject live =
        parse(
            ConsoleJson.live(
                f.clock.instant(),
                List.of(
                    new LiveSession(session.snapshot(), session.duration(f.clock.instant()), 3))));
    JsonObject s = live.getJsonArray("sessions").getJsonObject(0);

    assertThat(s.getString("id")).isEqualTo(session.id().value());
    assertThat(s.getString("srcAddress")).isEqualTo("192.0.2.10:5060/udp");
    assertThat(s.getJsonNumber("durationMs").longValue()).isEqualTo(100_000);
    assertThat(s.getJsonArray("participants"))
        .extracting(p -> ((JsonObject) p).getString("aor"))
        .containsExactly("sip:+15550142001@carrier.example.net", "sip:4711@pbx.example.org");
    JsonArray streams = s.getJsonArray("streams");
    assertThat(streams).hasSize(2);
    assertThat(streams.getJsonObject(0).getJsonObject("statistics").getInt("packetsReceived"))
        .isEqualTo(4980);
    assertThat(s.getInt("chunksPublished")).isEqualTo(2 * 998);
    assertThat(s.getInt("chunksDropped")).isEqualTo(3);
    assertThat(s.getJsonNumber("completeness").doubleValue()).isEqualTo(0.996);
    assertThat(s.isNull("endedAt")).isTrue();
  }

  @Test
  void oneSessionShowsItsDialogMetadataAndTimelineLiveAndAfterItEnded() throws Exception {
    RecordedCallFixture f = new RecordedCallFixture(settings(Map.of()), new SimpleMeterRegistry());
    RecordingSession session = f.call(false);

    JsonObject live =
        parse(
            ConsoleJson.detail(
                session.snapshot(),
                session.duration(f.clock.instant()),
                null,
                0,
                f.timelines.timeline(session.id())));
    assertThat(live.getBoolean("live")).isTrue();
    assertThat(live.isNull("endReason")).isTrue();
    JsonObject sdp = live.getJsonArray("sdp").getJsonObject(0);
    assertThat(sdp.getString("receivedIn")).isEqualTo("INVITE");
    assertThat(sdp.getString("offer")).contains("m=audio 49170 RTP/AVP 0").contains("a=label:2");
    assertThat(sdp.getString("answer")).contains("a=recvonly");
    assertThat(live.getJsonObject("session").getJsonObject("rawMetadata").getString("xml"))
        .contains("urn:ietf:params:xml:ns:recording:1");
    assertThat(live.getJsonObject("session").getJsonObject("metadata").getString("dialect"))
        .isEqualTo("RFC 7865");
    assertThat(types(live))
        .containsExactly("session.started", "stream.paused", "stream.resumed", "dtmf");

    f.service.end(session.id(), EndReason.SRC_BYE);
    EndedSession ended = f.timelines.ended(session.id()).orElseThrow();
    JsonObject after =
        parse(
            ConsoleJson.detail(
                ended.session(), ended.duration(), ended.reason(), 0, ended.timeline()));
    assertThat(after.getBoolean("live")).isFalse();
    assertThat(after.getString("endReason")).isEqualTo("SRC_BYE");
    assertThat(types(after)).endsWith("session.ended");
    assertThat(after.getJsonArray("timeline").getJsonObject(2).getString("detail"))
        .isEqualTo("resumed after 3.0 s (sdp)");
    assertThat(f.timelines.timeline(session.id())).as("no longer live").isEmpty();
  }

  @Test
  void theRecentListIsNewestFirstAndBounded() throws Exception {
    RecordedCallFixture f =
        new RecordedCallFixture(
            settings(Map.of("srs.admin.recent-sessions", "2")), new SimpleMeterRegistry());
    RecordingSession first = f.call(true);
    RecordingSession second = f.call(true);
    RecordingSession third = f.call(true);

    assertThat(f.timelines.recent())
        .extracting(e -> e.session().id())
        .containsExactly(third.id(), second.id());
    assertThat(f.timelines.ended(first.id())).isEmpty();
    JsonObject recent =
        parse(
            ConsoleJson.recent(
                f.clock.instant(), 2, f.timelines.recent().size(), f.timelines.recent(), s -> 0));
    assertThat(recent.getInt("kept")).isEqualTo(2);
    assertThat(recent.getJsonArray("sessions").getJsonObject(0).getString("endReason"))
        .isEqualTo("SRC_BYE");
  }

  @Test
  void theSystemViewMasksSecretsAndCountsRejectionsByStatus() {
    SystemView v = systemView(settings(Map.of("srs.jms.password", "broker-secret")));
    String json = ConsoleJson.system(v);
    JsonObject o = parse(json);

    assertThat(json).doesNotContain("broker-secret");
    JsonObject password =
        o.getJsonArray("settings").stream()
            .map(JsonObject.class::cast)
            .filter(s -> s.getString("key").equals("srs.jms.password"))
            .findFirst()
            .orElseThrow();
    assertThat(password.getString("value")).isEqualTo("********");
    assertThat(password.getBoolean("secret")).isTrue();
    assertThat(o.getJsonObject("sip").getJsonObject("rejectionsByStatus").getInt("488"))
        .isEqualTo(2);
    assertThat(
            o.getJsonObject("sip").getJsonArray("lastRejections").getJsonObject(0).getInt("status"))
        .isEqualTo(503);
    assertThat(o.getJsonObject("sessions").isNull("limit")).isTrue();
    JsonObject alarm = o.getJsonArray("alarms").getJsonObject(0);
    assertThat(alarm.getString("name")).isEqualTo("ARCHIVE_LOW_SPACE");
    assertThat(alarm.getString("since")).isEqualTo("2026-03-11T09:10:00Z");
  }

  @Test
  void theDocumentedExamplesHaveExactlyTheFieldsWeWrite() throws Exception {
    Map<String, String> rendered = renderOneOfEach();
    Path out = Path.of("target/admin-examples");
    Files.createDirectories(out);
    for (Map.Entry<String, String> e : rendered.entrySet()) {
      String file =
          e.getKey().replace("GET ", "").replaceAll("[^a-z]+", "-").replaceAll("^-|-$", "");
      Files.writeString(out.resolve(file + ".json"), JsonShapes.pretty(e.getValue()));
    }
    Map<String, String> documented =
        JsonShapes.examplesUnder(Files.readString(Path.of("docs/admin.md")), "### `(GET [^`]+)`");
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(rendered.keySet());
    for (String endpoint : rendered.keySet()) {
      assertThat(JsonShapes.fieldPaths(documented.get(endpoint), OPAQUE))
          .as("fields of the %s example in docs/admin.md", endpoint)
          .isEqualTo(JsonShapes.fieldPaths(rendered.get(endpoint), OPAQUE));
    }
  }

  private static Map<String, String> renderOneOfEach() throws Exception {
    RecordedCallFixture f = new RecordedCallFixture(settings(Map.of()), new SimpleMeterRegistry());
    RecordingSession session = f.call(false);
    Map<String, String> out = new LinkedHashMap<>();
    out.put(
        "GET /api/sessions",
        ConsoleJson.live(
            f.clock.instant(),
            List.of(new LiveSession(session.snapshot(), session.duration(f.clock.instant()), 0))));
    out.put(
        "GET /api/sessions/{id}",
        ConsoleJson.detail(
            session.snapshot(),
            session.duration(f.clock.instant()),
            null,
            0,
            f.timelines.timeline(session.id())));
    f.service.end(session.id(), EndReason.SRC_BYE);
    out.put(
        "GET /api/sessions/recent",
        ConsoleJson.recent(
            f.clock.instant(), 200, f.timelines.recent().size(), f.timelines.recent(), s -> 0));
    EndedSession ended = f.timelines.recent().get(0);
    out.put(
        "GET /api/calls",
        CallsJson.page(
            f.clock.instant(),
            CallSearch.search(
                CallQuery.all(),
                List.of(
                    CallSummary.of(
                        ended.session(),
                        CallSummary.State.ENDED,
                        ended.duration(),
                        ended.reason(),
                        0,
                        ""))),
            20_000,
            0));
    out.put("GET /api/system", ConsoleJson.system(systemView(settings(Map.of()))));
    Instant sentAt = f.clock.instant();
    out.put(
        "GET /api/ladder?session={id}",
        LadderJson.write(
            new SignallingLadders.Ladder(
                "a84b4c76e66710@192.0.2.10",
                Optional.of(session.id()),
                List.of(
                    new SignallingLadders.LadderMessage(
                        sentAt, true, "INVITE sip:srs@192.0.2.20 SIP/2.0", "INVITE", "INVITE", 6),
                    new SignallingLadders.LadderMessage(
                        sentAt.plusMillis(4),
                        false,
                        "SIP/2.0 200 OK",
                        "200 OK (INVITE)",
                        "SIP/2.0 200 OK",
                        20000)),
                0,
                new SignallingLadders.Bounds(64, 16384))));
    out.put(
        "GET /health",
        ConsoleJson.health(
            new AlarmLog(f.clock)
                .stamp(Health.of(true, "connected", 1, List.of("ARCHIVE_LOW_SPACE")))));
    return out;
  }

  private static List<String> types(JsonObject detail) {
    return detail.getJsonArray("timeline").stream()
        .map(t -> ((JsonObject) t).getString("type"))
        .toList();
  }

  static SystemView systemView(Settings settings) {
    Instant at = Instant.parse("2026-03-11T09:20:00Z");
    SetupStatistics setups = new SetupStatistics(Clock.fixed(at, ZoneOffset.UTC));
    for (int i = 0; i < 41; i++) {
      SetupStatisticsAccess.setUp(setups);
    }
    SetupStatisticsAccess.rejected(
        setups,
        488,
        "Not Acceptable Here: 305 198.51.100.20 \"no codec we decode\"",
        "a84b4c76e66710@192.0.2.10",
        "192.0.2.10:5060/udp");
    SetupStatisticsAccess.rejected(
        setups, 488, "Not a SIPREC recording session", "c1@192.0.2.11", "192.0.2.11:5060/udp");
    SetupStatisticsAccess.rejected(
        setups, 503, "No media resources", "c2@192.0.2.10", "192.0.2.10:5060/tcp");
    List<SystemView.SettingInEffect> inEffect = new ArrayList<>();
    Map<String, String[]> described = settings.describe();
    for (Setting s : Setting.values()) {
      String[] v = described.get(s.key());
      inEffect.add(
          new SystemView.SettingInEffect(s.key(), v[0], v[1], s.isSecret(), s.description()));
    }
    return new SystemView(
        at,
        Duration.ofMinutes(42),
        true,
        3,
        7,
        -1,
        setups.figures(),
        new SystemView.Media(1_234_567, 300.2, 12, 0, 1, 6, 5000),
        new SystemView.Jms(
            "connected",
            true,
            true,
            "tcp://127.0.0.1:61616",
            true,
            true,
            98_765,
            30.0,
            0,
            2,
            4096,
            321,
            0,
            0,
            0.42,
            3.1),
        new SystemView.Archive(true, "/var/lib/srs/runtime/recordings", 98_700, 0, 0, 44, 1, ""),
        new SystemView.Jvm(
            180_000_000L,
            268_435_456L,
            536_870_912L,
            0.031,
            0.12,
            2,
            71,
            "17.0.15+6-Debian-1deb12u1"),
        0,
        inEffect,
        List.of(new RaisedAlarm("ARCHIVE_LOW_SPACE", at.minusSeconds(600))));
  }
}
