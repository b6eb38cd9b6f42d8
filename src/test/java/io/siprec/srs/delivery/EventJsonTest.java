package io.siprec.srs.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.siprec.srs.metadata.MetadataException;
import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.MediaNotifications;
import io.siprec.srs.session.NodeId;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.PacketDrops;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.session.RecordingRequest;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.RtcpFigures;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.StageFigures.Unit;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.StreamRequest;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.testsupport.FakeMediaGateway;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JsonShapes;
import io.siprec.srs.testsupport.SipMessageFixture;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Renders one event of each type from fixture data (the RFC 7866 reference call, then a hold) and
 * checks docs/events.md against it: every example there has exactly the fields we write, so the
 * document cannot drift from the code. The rendered examples are also written to
 * target/event-examples for refreshing the document.
 */
class EventJsonTest {

  @Test
  void theDocumentedExamplesHaveExactlyTheFieldsWeWrite() throws Exception {
    Map<String, String> rendered = renderOneOfEach();
    Path out = Path.of("target/event-examples");
    Files.createDirectories(out);
    for (Map.Entry<String, String> e : rendered.entrySet()) {
      Files.writeString(out.resolve(e.getKey() + ".json"), pretty(e.getValue()));
    }

    Map<String, String> documented =
        documentedExamples(Files.readString(Path.of("docs/events.md")));
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(rendered.keySet());
    for (String type : rendered.keySet()) {
      assertThat(fieldPaths(documented.get(type)))
          .as("fields of the %s example in docs/events.md", type)
          .isEqualTo(fieldPaths(rendered.get(type)));
    }
  }

  @Test
  void aLostNodesSessionEndsWithWhatTheReportingNodeKnowsAsDocumented() throws Exception {
    String json =
        EventJson.write(
            new SessionEvent.SessionLost(
                new RecordingSessionId("7638b522-4d8e"),
                Instant.parse("2026-03-11T09:20:03.250Z"),
                new NodeId("srs-1"),
                Instant.parse("2026-03-11T09:20:00Z"),
                new NodeId("srs-2")));
    JsonObject o = Json.createReader(new StringReader(json)).readObject();
    assertThat(o.getString("type")).isEqualTo("session.ended");
    assertThat(o.getString("reason")).isEqualTo("NODE_LOST");
    assertThat(o.getString("lostNode")).isEqualTo("srs-1");
    assertThat(o.getString("lostNodeLastHeardAt")).isEqualTo("2026-03-11T09:20:00Z");
    assertThat(o.getString("reportedBy")).isEqualTo("srs-2");
    assertThat(o.isNull("session")).isTrue();
    String documented =
        JsonShapes.examplesUnder(
                Files.readString(Path.of("docs/events.md")),
                "#### (`session.ended`) of a lost node")
            .get("`session.ended`");
    assertThat(documented).as("the NODE_LOST example in docs/events.md").isNotNull();
    assertThat(fieldPaths(documented)).isEqualTo(fieldPaths(json));
  }

  @Test
  void everyEventCarriesItsTypeSessionTimeAndSchemaVersion() {
    Map<String, String> rendered = renderOneOfEach();
    // Every type once, so the loop below cannot pass by looking at nothing.
    assertThat(rendered.keySet())
        .containsExactlyInAnyOrder(
            "session.started",
            "stream.paused",
            "stream.resumed",
            "stream.added",
            "stream.removed",
            "metadata.updated",
            "metadata.problem",
            "dtmf",
            "stream.silent",
            "stream.active",
            "session.ended",
            "cs.ended",
            "cs.started");
    for (Map.Entry<String, String> e : rendered.entrySet()) {
      JsonObject o = Json.createReader(new StringReader(e.getValue())).readObject();
      assertThat(o.getString("type")).isEqualTo(e.getKey());
      assertThat(o.getInt("schemaVersion")).isEqualTo(EventJson.SCHEMA_VERSION);
      assertThat(o.getString("sessionId")).isNotBlank();
      assertThatCode(() -> Instant.parse(o.getString("at")))
          .as("%s: at is an ISO-8601 instant", e.getKey())
          .doesNotThrowAnyException();
    }
  }

  static Map<String, String> renderOneOfEach() {
    List<SessionEvent> events = new ArrayList<>();
    FakeMediaGateway media = new FakeMediaGateway();
    RecordingService service =
        new RecordingService(
            new SessionRegistry(),
            media,
            events::add,
            Clock.fixed(Instant.parse("2026-03-11T09:15:02.120Z"), ZoneOffset.UTC));
    MetadataReader reader = new MetadataReader(1 << 20);
    byte[] xml = metadata("siprec-corpus/01_rfc7866_reference_invite.sip");
    RawMetadata raw =
        new RawMetadata(
            "application/rs-metadata+xml",
            xml,
            Instant.parse("2026-03-11T09:15:02.100Z"),
            "INVITE");
    PayloadFormat pcmu = new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, "");
    RecordingRequest request =
        new RecordingRequest(
            "192.0.2.10:5060/udp",
            "f81d4fae-7dec-11d0-a765@192.0.2.10",
            "ExampleSBC/1.0",
            "unknown",
            true,
            List.of(
                new StreamRequest(0, new StreamLabel("1"), List.of(pcmu), false, null),
                new StreamRequest(1, new StreamLabel("2"), List.of(pcmu), false, null)),
            Optional.of(raw),
            Optional.of(reader.read(xml)),
            Map.of("userToUser", "00FA080018002E61EE81A4;encoding=hex"));
    try {
      // A call of the same metadata group before this one (a transfer): the examples name it in
      // linkedSessions. Its own events are not examples.
      RecordingSession before = service.prepare(request);
      service.activate(before);
      service.end(before.id(), EndReason.SRC_BYE);
      events.clear();

      RecordingSession session = service.prepare(request);
      service.activate(session);
      service.update(
          session.id(),
          List.of(
              new StreamRequest(0, new StreamLabel("1"), List.of(pcmu), true, null),
              new StreamRequest(1, new StreamLabel("2"), List.of(pcmu), false, null)));
      service.update(
          session.id(),
          List.of(
              new StreamRequest(0, new StreamLabel("1"), List.of(pcmu), false, null),
              new StreamRequest(1, new StreamLabel("2"), List.of(pcmu), false, null)));
      // A consult call: a third m= line added, then removed (port 0).
      service.update(
          session.id(),
          List.of(
              new StreamRequest(0, new StreamLabel("1"), List.of(pcmu), false, null),
              new StreamRequest(1, new StreamLabel("2"), List.of(pcmu), false, null),
              new StreamRequest(2, new StreamLabel("3"), List.of(pcmu), false, null)));
      service.update(
          session.id(),
          List.of(
              new StreamRequest(0, new StreamLabel("1"), List.of(pcmu), false, null),
              new StreamRequest(1, new StreamLabel("2"), List.of(pcmu), false, null),
              new StreamRequest(2, new StreamLabel("3"), List.of(), false, null)));
      RecordingMetadata hold =
          reader.read(metadata("siprec-corpus/13_rfc_hold_reinvite_partial_metadata.sip"));
      service.updateMetadata(
          session.id(),
          hold,
          new RawMetadata(
              "application/rs-metadata+xml",
              metadata("siprec-corpus/13_rfc_hold_reinvite_partial_metadata.sip"),
              Instant.now(),
              "re-INVITE"));
      MediaNotifications notifications =
          new MediaNotifications(
              events::add, Clock.fixed(Instant.parse("2026-03-11T09:16:40Z"), ZoneOffset.UTC));
      notifications.dtmf(
          session.id(),
          new StreamLabel("1"),
          new DtmfTone(
              '5', Instant.parse("2026-03-11T09:16:39.800Z").toEpochMilli(), 1564800, 160, 10));
      notifications.silence(session.id(), new StreamLabel("2"), true, 5200);
      notifications.silence(session.id(), new StreamLabel("2"), false, 0);
      media.reportStatistics(
          new StreamStatistics(
              4980,
              4971,
              4971,
              12,
              9,
              0,
              6,
              lateAndDuplicate(2, 1),
              0,
              0,
              1,
              1.84,
              16000,
              1596800,
              1590400,
              3840,
              0,
              998,
              1596800,
              3010,
              new RtcpFigures(20, 0, 0, 20, 0, 1, 4992, 798720, 0.0039, 12, 2.5),
              stagesOfAFixtureStream()));
      service.end(session.id(), EndReason.SRC_BYE);

      // A second call, whose UPDATE carries metadata that stays unreadable after its repair: its
      // "metadata.problem" event (the other types were taken from the first call).
      RecordingSession second = service.prepare(request);
      service.activate(second);
      byte[] broken = Fixtures.bytes("metadata/raw-ampersand-and-truncated.xml");
      MetadataException unread =
          Assertions.catchThrowableOfType(() -> reader.read(broken), MetadataException.class);
      service.metadataUnread(
          second.id(),
          new MetadataProblem(
              unread.kind(),
              unread.getMessage(),
              unread.repairsTried(),
              "UPDATE",
              Instant.parse("2026-03-11T09:15:40Z"),
              broken.length),
          new RawMetadata(
              "application/rs-metadata+xml",
              broken,
              Instant.parse("2026-03-11T09:15:40Z"),
              "UPDATE"));
      service.end(second.id(), EndReason.SRC_BYE);

      // A persistent recording session moving on to its next call: "cs.ended" and "cs.started".
      byte[] firstCall = metadata("shapes/persistent-first-invite.sip");
      RecordingSession persistent =
          service.prepare(
              new RecordingRequest(
                  "192.0.2.44:5060/udp",
                  "c03b2e4a-persistent@192.0.2.44",
                  "",
                  "unknown",
                  true,
                  request.streams(),
                  Optional.of(
                      new RawMetadata(
                          "application/rs-metadata+xml",
                          firstCall,
                          Instant.parse("2026-03-11T09:15:02.100Z"),
                          "INVITE")),
                  Optional.of(reader.read(firstCall)),
                  Map.of()));
      service.activate(persistent);
      byte[] nextCall = metadata("shapes/persistent-next-call-reinvite.sip");
      service.updateMetadata(
          persistent.id(),
          reader.read(nextCall),
          new RawMetadata(
              "application/rs-metadata+xml",
              nextCall,
              Instant.parse("2026-03-11T09:21:10Z"),
              "re-INVITE"));
      service.end(persistent.id(), EndReason.SRC_BYE);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    Map<String, String> byType = new LinkedHashMap<>();
    for (SessionEvent e : events) {
      byType.putIfAbsent(EventJson.type(e), EventJson.write(e));
    }
    return byType;
  }

  private static byte[] metadata(String corpusFile) {
    SipMessageFixture m = SipMessageFixture.load(corpusFile);
    return SiprecBody.read(m.header("Content-Type"), m.body()).metadata().orElseThrow().content();
  }

  /** The JSON code block after each "### <event type>" heading. */
  static Map<String, String> documentedExamples(String markdown) {
    return JsonShapes.examplesUnder(markdown, "### `([a-z.]+)`");
  }

  /** Every field path in a JSON document ("session.streams[].participants[].aor"). */
  static TreeSet<String> fieldPaths(String json) {
    // Maps keyed by data (identifiers, attributes, reattributed streams) are one field each.
    return JsonShapes.fieldPaths(
        json, Set.of("callIdentifiers", "sipCallIdentifiers", "attributes", "streamsReattributed"));
  }

  static String pretty(String json) {
    return JsonShapes.pretty(json);
  }

  /**
   * The stage figures of a fixture stream, as RtpIngress reports them (100 s of G.711, 16 kHz out).
   */
  private static List<StageFigures> stagesOfAFixtureStream() {
    return List.of(
        stage(
            "ingress",
            Unit.PACKETS,
            4980,
            4980,
            reasons(
                "truncated",
                0,
                "malformed",
                0,
                "srtp-authentication",
                0,
                "srtp-unknown-mki",
                0,
                "srtp-replay",
                0,
                "srtp-key-expired",
                0,
                "foreign-source",
                0,
                "after-end",
                0),
            reasons(
                "rtcp-multiplexed", 0, "while-paused", 0, "ssrc-changes", 0, "receive-errors", 0),
            9_870_000),
        stage(
            "reorder",
            Unit.PACKETS,
            4980,
            4977,
            reasons("late", 2, "duplicate", 1, "oversize", 0),
            reasons("lost", 12, "reordered", 9, "restarts", 0),
            1_240_000),
        stage(
            "demux",
            Unit.PACKETS,
            4977,
            4977,
            reasons("unknown-payload-type", 0),
            Map.of(),
            310_000),
        stage("dtmf", Unit.PACKETS, 6, 0, reasons(), reasons("events", 1), 4_000),
        stage("comfort-noise", Unit.PACKETS, 0, 0, reasons(), Map.of(), 0),
        stage(
            "decode",
            Unit.PACKETS,
            4971,
            4971,
            reasons("error", 0),
            reasons(
                "samples-concealed", 3840, "samples-comfort-noise", 0, "samples-expected", 1596800),
            2_050_000),
        stage(
            "resample",
            Unit.SAMPLES,
            797280,
            1594240,
            reasons(),
            reasons("resets", 1, "samples-drained", 0),
            6_730_000),
        stage(
            "timeline",
            Unit.PACKETS,
            4971,
            4971,
            reasons("late", 0),
            reasons("samples-decoded", 1590400),
            420_000),
        stage(
            "chunk",
            Unit.SAMPLES,
            1594209,
            1596800,
            reasons("late", 0),
            reasons("chunks", 998, "samples-silence-filled", 2591),
            980_000),
        stage("publish", Unit.CHUNKS, 998, 998, reasons(), reasons("samples", 1596800), 1_460_000));
  }

  private static StageFigures stage(
      String name,
      Unit unit,
      long in,
      long out,
      Map<String, Long> dropped,
      Map<String, Long> counts,
      long cpuNanos) {
    return new StageFigures(name, unit, in, out, dropped, counts, cpuNanos);
  }

  /** Name, value, name, value ... in order. */
  private static Map<String, Long> reasons(Object... nameValue) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      m.put((String) nameValue[i], ((Number) nameValue[i + 1]).longValue());
    }
    return m;
  }

  /** Drops of a fixture stream: packets late to the reorder buffer, and duplicates. */
  private static PacketDrops lateAndDuplicate(long late, long duplicate) {
    long[] counts = new long[PacketDrop.values().length];
    counts[PacketDrop.REORDER_LATE.ordinal()] = late;
    counts[PacketDrop.REORDER_DUPLICATE.ordinal()] = duplicate;
    return PacketDrops.of(counts);
  }
}
