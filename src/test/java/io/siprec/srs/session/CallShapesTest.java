package io.siprec.srs.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.testsupport.FakeMediaGateway;
import io.siprec.srs.testsupport.SettableClock;
import io.siprec.srs.testsupport.SipMessageFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Calls that change shape, in the core: a transfer recorded as two sessions of one metadata group,
 * and a persistent recording session whose calls come and go (fixtures of the conformance suite,
 * src/test/resources/shapes).
 */
class CallShapesTest {
  private static final PayloadFormat PCMU = new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, "");
  private static final String CALL_BEFORE = "k1bR5VhXcUKn0Hq0f3mXyw==";
  private static final String CALL_AFTER = "YmTq3kT2PE6ZC3nbv0A8Gg==";

  private final FakeMediaGateway media = new FakeMediaGateway();
  private final List<SessionEvent> events = new ArrayList<>();
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-02T14:20:01Z"));
  private final RecordingService service =
      new RecordingService(new SessionRegistry(), media, events::add, clock);
  private final MetadataReader reader = new MetadataReader(1 << 20);

  @Test
  void theSessionAfterATransferNamesTheOneBeforeItByGroup() throws Exception {
    RecordingSession before = start("shapes/transfer-first-invite.sip", "call-before");
    clock.advance(Duration.ofSeconds(200));
    service.end(before.id(), EndReason.SRC_BYE);
    clock.advance(Duration.ofSeconds(1));
    RecordingSession after = start("shapes/transfer-second-invite.sip", "call-after");

    SessionSnapshot started = lastStarted().session();
    assertThat(started.linkedSessions())
        .containsExactly(
            new LinkedSession(
                before.id(),
                "call-before",
                Instant.parse("2026-11-02T14:20:01Z"),
                Instant.parse("2026-11-02T14:23:21Z")));
    // Asked now, each names the other: the earlier one learns of the later one through the group.
    assertThat(before.snapshot().linkedSessions())
        .extracting(LinkedSession::id)
        .containsExactly(after.id());
    assertThat(after.snapshot().linkedSessions())
        .extracting(LinkedSession::id)
        .containsExactly(before.id());
    assertThat(started.communicationSessions())
        .extracting(RecordedCommunication::id)
        .containsExactly(CALL_AFTER);
  }

  @Test
  void sessionsOfAnotherGroupOrOfNoneAreNotLinked() throws Exception {
    start("shapes/transfer-first-invite.sip", "call-1");
    RecordingSession noMetadata = service.prepare(request("call-2", Optional.empty()));
    service.activate(noMetadata);
    assertThat(lastStarted().session().linkedSessions()).isEmpty();
  }

  @Test
  void aPersistentSessionEndsOneCallAndStartsTheNextByReInvite() throws Exception {
    RecordingSession session = start("shapes/persistent-first-invite.sip", "desk-7");
    assertThat(session.snapshot().communicationSessions())
        .extracting(RecordedCommunication::id)
        .containsExactly(CALL_BEFORE);
    events.clear();
    clock.advance(Duration.ofSeconds(369));

    update(session, "shapes/persistent-next-call-reinvite.sip", "re-INVITE");

    assertThat(events)
        .filteredOn(e -> !(e instanceof SessionEvent.MetadataUpdated))
        .extracting(CallShapesTest::describe)
        .containsExactly(
            "ended " + CALL_BEFORE + " re-INVITE", "started " + CALL_AFTER + " re-INVITE");
    assertThat(events.get(0)).isInstanceOf(SessionEvent.MetadataUpdated.class);
    assertThat(session.snapshot().communicationSessions())
        .extracting(c -> c.id() + " " + c.endedAt())
        .containsExactly(CALL_BEFORE + " 2026-11-02T14:26:10Z", CALL_AFTER + " null");
    assertThat(media.open).as("the streams are not touched").hasSize(2);
  }

  @Test
  void aPersistentSessionEndsOneCallAndStartsTheNextByPartialMetadataInAnUpdate() throws Exception {
    RecordingSession session = start("shapes/persistent-first-invite.sip", "desk-7");
    events.clear();

    updateWithBody(session, "shapes/persistent-next-call-update.sip", "UPDATE");

    assertThat(events)
        .filteredOn(e -> !(e instanceof SessionEvent.MetadataUpdated))
        .extracting(CallShapesTest::describe)
        .containsExactly("ended " + CALL_BEFORE + " UPDATE", "started " + CALL_AFTER + " UPDATE");
    // The first caller left with the first call; the next one is heard on stream 1.
    assertThat(session.streams().get(0).attribution().senders())
        .extracting(Participant::aor)
        .containsExactly("sip:+15550190002@carrier.example.net");
    // Said again, nothing changes: no second start or end.
    events.clear();
    updateWithBody(session, "shapes/persistent-next-call-update.sip", "UPDATE");
    assertThat(events).allMatch(e -> e instanceof SessionEvent.MetadataUpdated);
  }

  @Test
  void anOrdinaryCallsMetadataUpdatesStartAndEndNoCall() throws Exception {
    RecordingSession session = start("shapes/transfer-first-invite.sip", "call-1");
    events.clear();
    update(session, "shapes/transfer-first-invite.sip", "re-INVITE");
    assertThat(events).singleElement().isInstanceOf(SessionEvent.MetadataUpdated.class);
  }

  private RecordingSession start(String fixture, String callId) throws Exception {
    byte[] xml = metadataOf(fixture);
    RecordingSession session =
        service.prepare(
            request(
                callId,
                Optional.of(reader.read(xml)),
                new RawMetadata("application/rs-metadata+xml", xml, clock.instant(), "INVITE")));
    service.activate(session);
    return session;
  }

  private void update(RecordingSession session, String fixture, String receivedIn) {
    byte[] xml = metadataOf(fixture);
    service.updateMetadata(
        session.id(),
        reader.read(xml),
        new RawMetadata("application/rs-metadata+xml", xml, clock.instant(), receivedIn));
  }

  /** A request whose whole body is the metadata (an UPDATE). */
  private void updateWithBody(RecordingSession session, String fixture, String receivedIn) {
    byte[] xml = SipMessageFixture.load(fixture).body();
    service.updateMetadata(
        session.id(),
        reader.read(xml),
        new RawMetadata("application/rs-metadata+xml", xml, clock.instant(), receivedIn));
  }

  private static byte[] metadataOf(String fixture) {
    SipMessageFixture m = SipMessageFixture.load(fixture);
    return SiprecBody.read(m.header("Content-Type"), m.body()).metadata().orElseThrow().content();
  }

  private static RecordingRequest request(String callId, Optional<RecordingMetadata> metadata) {
    return request(callId, metadata, null);
  }

  private static RecordingRequest request(
      String callId, Optional<RecordingMetadata> metadata, RawMetadata raw) {
    return new RecordingRequest(
        "192.0.2.44:5060/udp",
        callId,
        "",
        "unknown",
        true,
        List.of(
            new StreamRequest(0, new StreamLabel("1"), List.of(PCMU), false, null),
            new StreamRequest(1, new StreamLabel("2"), List.of(PCMU), false, null)),
        Optional.ofNullable(raw),
        metadata,
        Map.of());
  }

  private SessionEvent.SessionStarted lastStarted() {
    SessionEvent.SessionStarted last = null;
    for (SessionEvent e : events) {
      if (e instanceof SessionEvent.SessionStarted s) {
        last = s;
      }
    }
    return last;
  }

  private static String describe(SessionEvent e) {
    if (e instanceof SessionEvent.CommunicationStarted s) {
      return "started " + s.communication().id() + " " + s.receivedIn();
    }
    if (e instanceof SessionEvent.CommunicationEnded s) {
      return "ended " + s.communication().id() + " " + s.receivedIn();
    }
    return e.getClass().getSimpleName();
  }
}
