package io.siprec.srs.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.metadata.AssociationRule;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.session.metadata.MetadataSnapshot;
import io.siprec.srs.session.metadata.MetadataStream;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.testsupport.FakeMediaGateway;
import io.siprec.srs.testsupport.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordingServiceTest {
  private static final PayloadFormat PCMU = new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, "");

  private final FakeMediaGateway media = new FakeMediaGateway();
  private final List<SessionEvent> events = new ArrayList<>();
  private final SessionRegistry registry = new SessionRegistry();
  private final RecordingService service =
      new RecordingService(
          registry,
          media,
          events::add,
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  private static StreamRequest stream(int index, String label, boolean paused) {
    return new StreamRequest(index, new StreamLabel(label), List.of(PCMU), paused, null);
  }

  private static RecordingRequest offer(StreamRequest... streams) {
    return new RecordingRequest(
        "192.0.2.1:5060/udp",
        "call-1",
        "SBC",
        "unknown",
        true,
        List.of(streams),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  @Test
  void aPreparedSessionIsInvisibleUntilActivated() throws Exception {
    RecordingSession session = service.prepare(offer(stream(0, "1", false), stream(1, "2", false)));

    assertThat(registry.activeCount()).isZero();
    assertThat(events).isEmpty();
    assertThat(session.streams())
        .extracting(RecordedStream::localPort)
        .containsExactly(20000, 20002);

    service.activate(session);

    assertThat(registry.find(session.id())).contains(session);
    assertThat(events).singleElement().isInstanceOf(SessionEvent.SessionStarted.class);
  }

  @Test
  void anAbandonedSessionLeavesNothingOpenAndSaysNothing() throws Exception {
    RecordingSession session = service.prepare(offer(stream(0, "1", false)));
    service.abandon(session);
    assertThat(media.open).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void whenMediaRunsOutHalfWayNothingStaysOpen() {
    media.capacity = 1;
    assertThatThrownBy(() -> service.prepare(offer(stream(0, "1", false), stream(1, "2", false))))
        .isInstanceOf(MediaUnavailableException.class);
    assertThat(media.open).isEmpty();
    assertThat(registry.activeCount()).isZero();
  }

  @Test
  void rejectedLinesGetNoEndpoint() throws Exception {
    StreamRequest rejected = new StreamRequest(1, new StreamLabel("2"), List.of(), false, null);
    RecordingSession session = service.prepare(offer(stream(0, "1", false), rejected));
    assertThat(session.streams()).extracting(RecordedStream::localPort).containsExactly(20000, 0);
  }

  @Test
  void reofferingPausesAndResumesStreamsAndSaysSo() throws Exception {
    RecordingSession session = service.prepare(offer(stream(0, "1", false), stream(1, "2", false)));
    service.activate(session);
    events.clear();

    service.update(session.id(), List.of(stream(0, "1", true), stream(1, "2", true)));
    assertThat(media.open).hasSize(2).allMatch(e -> e.paused);
    service.update(session.id(), List.of(stream(0, "1", false), stream(1, "2", true)));

    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("StreamPaused", "StreamPaused", "StreamResumed");
    assertThat(media.open.get(0).paused).isFalse();
    assertThat(media.open.get(1).paused).isTrue();
  }

  @Test
  void aReofferCanAddAStream() throws Exception {
    RecordingSession session = service.prepare(offer(stream(0, "1", false)));
    service.activate(session);
    service.update(session.id(), List.of(stream(0, "1", false), stream(1, "2", false)));
    assertThat(session.streams()).hasSize(2);
    assertThat(media.open).hasSize(2);
  }

  @Test
  void endingClosesStreamsThenPublishesTheFinalSnapshotOnce() throws Exception {
    RecordingSession session = service.prepare(offer(stream(0, "1", false)));
    service.activate(session);

    assertThat(service.end(session.id(), EndReason.SRC_BYE)).isPresent();
    assertThat(service.end(session.id(), EndReason.SRC_BYE)).isEmpty();

    assertThat(media.open).isEmpty();
    SessionEvent.SessionEnded ended = (SessionEvent.SessionEnded) events.get(events.size() - 1);
    assertThat(ended.reason()).isEqualTo(EndReason.SRC_BYE);
    assertThat(ended.session().endedAt())
        .as("the service's clock")
        .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(registry.activeCount()).isZero();
  }

  @Test
  void theDialogKeepsItsFirstOfferAndTheLatestOnes() throws Exception {
    RecordingSession session = service.prepare(offer(stream(0, "1", false)));
    service.negotiated(session, "INVITE", "offer 0", "answer 0");
    service.activate(session);
    for (int i = 1; i <= 30; i++) {
      service.negotiated(session, "re-INVITE", "offer " + i, "answer " + i);
    }

    List<SdpExchange> kept = session.snapshot().sdpExchanges();
    assertThat(kept).hasSize(RecordingSession.MAX_SDP_EXCHANGES);
    assertThat(kept.get(0))
        .isEqualTo(
            new SdpExchange(
                Instant.parse("2026-01-01T00:00:00Z"), "INVITE", "offer 0", "answer 0"));
    assertThat(kept.get(1).offer()).isEqualTo("offer 22");
    assertThat(kept.get(kept.size() - 1).answer()).isEqualTo("answer 30");
  }

  @Test
  void anOversizedSdpIsKeptCut() throws Exception {
    RecordingSession session = service.prepare(offer(stream(0, "1", false)));
    String huge = "a=x-padding\r\n".repeat(5000);
    service.negotiated(session, "INVITE", huge, "v=0");

    SdpExchange kept = session.snapshot().sdpExchanges().get(0);
    assertThat(kept.offer())
        .startsWith(huge.substring(0, 100))
        .endsWith("(" + (huge.length() - SdpExchange.MAX_TEXT) + " more characters not kept)");
    assertThat(kept.offer().length()).isLessThan(SdpExchange.MAX_TEXT + 100);
    assertThat(kept.answer()).isEqualTo("v=0");
  }

  @Test
  void drainingHangsUpEverySessionAndRefusesNewOnes() throws Exception {
    for (int i = 0; i < 3; i++) {
      service.activate(service.prepare(offer(stream(0, "1", false))));
    }
    List<RecordingSessionId> hungUp = new ArrayList<>();
    SignallingControl signalling =
        id -> {
          hungUp.add(id);
          return CompletableFuture.completedFuture(null);
        };

    int ended = service.drain(signalling, Duration.ofSeconds(1));

    assertThat(ended).isEqualTo(3);
    assertThat(hungUp).hasSize(3);
    assertThat(service.isAccepting()).isFalse();
    assertThat(events)
        .filteredOn(e -> e instanceof SessionEvent.SessionEnded)
        .extracting(e -> ((SessionEvent.SessionEnded) e).reason())
        .containsOnly(EndReason.SERVER_SHUTDOWN);
  }

  /**
   * ShutdownIT caught this in CI: the SRC had our 200 (the session prepared) but the session was
   * not live yet when the drain looked, so it was neither refused nor hung up. The drain now waits
   * for answers on their way, and a session prepared after the drain began is refused.
   */
  @Test
  void aSessionWhoseAnswerIsOnItsWayWhenTheDrainBeginsIsHungUpToo() throws Exception {
    RecordingSession answering = service.prepare(offer(stream(0, "1", false)));
    List<RecordingSessionId> hungUp = new CopyOnWriteArrayList<>();
    SignallingControl signalling =
        id -> {
          hungUp.add(id);
          return CompletableFuture.completedFuture(null);
        };
    CompletableFuture<Integer> drained =
        CompletableFuture.supplyAsync(() -> service.drain(signalling, Duration.ofSeconds(10)));
    Thread.sleep(200);
    assertThat(drained).as("the drain waits for the answer on its way").isNotDone();
    assertThatThrownBy(() -> service.prepare(offer(stream(0, "1", false))))
        .as("a new session once the drain began")
        .isInstanceOf(ServerShuttingDownException.class);

    service.activate(answering); // the 200 went out

    assertThat(drained.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(hungUp).containsExactly(answering.id());
    assertThat(media.open).allMatch(e -> e.closed);
  }

  @Test
  void anAnswerThatIsLostDuringTheDrainLetsItFinish() throws Exception {
    RecordingSession answering = service.prepare(offer(stream(0, "1", false)));
    CompletableFuture<Integer> drained =
        CompletableFuture.supplyAsync(
            () ->
                service.drain(
                    id -> CompletableFuture.completedFuture(null), Duration.ofSeconds(10)));
    Thread.sleep(100);
    service.abandon(answering); // a CANCEL won the race
    assertThat(drained.get(5, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void drainingDoesNotWaitForeverForSilentSrcs() {
    SignallingControl neverAnswers = id -> new CompletableFuture<>();
    try {
      service.activate(service.prepare(offer(stream(0, "1", false))));
    } catch (MediaUnavailableException e) {
      throw new AssertionError(e);
    }
    long t0 = System.nanoTime();
    service.drain(neverAnswers, Duration.ofMillis(200));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
  }

  private static Participant participant(String id, String aor, String... sends) {
    return new Participant(
        id, aor, "", ParticipantRole.UNKNOWN, List.of(sends), List.of(), Map.of());
  }

  private static RecordingMetadata metadata(
      boolean partial,
      List<Participant> participants,
      List<MetadataStream> streams,
      Set<String> stated,
      Set<String> departed) {
    return new RecordingMetadata(
        partial,
        "RFC 7865",
        "",
        List.of(),
        participants,
        streams,
        AssociationRule.PARTICIPANT_STREAM_ASSOC,
        Map.of(),
        stated,
        departed,
        List.of(),
        "<recording/>");
  }

  @Test
  void metadataTiesStreamsToParticipantsAndTellsTheEndpoints() throws Exception {
    RecordingMetadata m =
        metadata(
            false,
            List.of(participant("A", "sip:a@x", "s1"), participant("B", "sip:b@x", "s2")),
            List.of(
                new MetadataStream("s1", "1", ""),
                new MetadataStream("s2", "2", ""),
                new MetadataStream("s3", "3", "")),
            Set.of("A", "B"),
            Set.of());
    RecordingRequest request =
        new RecordingRequest(
            "192.0.2.1:5060/udp",
            "call-1",
            "SBC",
            "unknown",
            true,
            List.of(stream(0, "1", false), stream(1, "2", false)),
            Optional.empty(),
            Optional.of(m),
            Map.of());

    RecordingSession session = service.prepare(request);

    assertThat(media.open)
        .extracting(e -> e.attribution.participantIds())
        .containsExactly("A", "B");
    assertThat(session.snapshot().warnings())
        .containsExactly("metadata stream s3 (label 3) has no m= line in the SDP");
  }

  @Test
  void aPartialUpdateIsMergedAndReportedWithWhatChanged() throws Exception {
    RecordingMetadata m =
        metadata(
            false,
            List.of(participant("A", "sip:a@x", "s1"), participant("B", "sip:b@x", "s2")),
            List.of(new MetadataStream("s1", "1", ""), new MetadataStream("s2", "2", "")),
            Set.of("A", "B"),
            Set.of());
    RecordingRequest request =
        new RecordingRequest(
            "192.0.2.1:5060/udp",
            "call-1",
            "SBC",
            "unknown",
            true,
            List.of(stream(0, "1", false), stream(1, "2", false)),
            Optional.empty(),
            Optional.of(m),
            Map.of());
    RecordingSession session = service.prepare(request);
    service.activate(session);
    // Transfer: B leaves, C now sends B's stream.
    RecordingMetadata transfer =
        metadata(
            true, List.of(participant("C", "sip:c@x", "s2")), List.of(), Set.of("C"), Set.of("B"));

    service.updateMetadata(
        session.id(),
        transfer,
        new RawMetadata("application/rs-metadata+xml", new byte[0], Instant.EPOCH, "re-INVITE"));

    SessionEvent.MetadataUpdated updated =
        (SessionEvent.MetadataUpdated) events.get(events.size() - 1);
    assertThat(updated.partialUpdate()).isTrue();
    assertThat(updated.change().participantsAdded()).containsExactly("C");
    assertThat(updated.change().participantsRemoved()).containsExactly("B");
    assertThat(updated.change().streamsReattributed()).containsExactly(Map.entry("2", "C"));
    assertThat(media.open.get(1).attribution.participantAors()).isEqualTo("sip:c@x");
    assertThat(updated.session().metadataHistory())
        .extracting(MetadataSnapshot::receivedIn)
        .containsExactly("SIP headers", "re-INVITE");
  }

  @Test
  void metadataNotReadInTheDialogKeepsTheLastGoodOneUntilADocumentIsRead() throws Exception {
    RecordingMetadata m =
        metadata(
            false,
            List.of(participant("A", "sip:a@x", "s1"), participant("B", "sip:b@x", "s2")),
            List.of(new MetadataStream("s1", "1", ""), new MetadataStream("s2", "2", "")),
            Set.of("A", "B"),
            Set.of());
    RecordingRequest request =
        new RecordingRequest(
            "192.0.2.1:5060/udp",
            "call-1",
            "SBC",
            "unknown",
            true,
            List.of(stream(0, "1", false), stream(1, "2", false)),
            Optional.empty(),
            Optional.of(m),
            Map.of());
    RecordingSession session = service.prepare(request);
    service.activate(session);
    MetadataProblem problem =
        new MetadataProblem(
            MetadataProblem.Kind.UNREADABLE,
            "line 3: cut short",
            List.of(MetadataRepair.RAW_AMPERSAND),
            "UPDATE",
            Instant.EPOCH,
            42);
    byte[] broken = "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><participant".getBytes();

    service.metadataUnread(
        session.id(),
        problem,
        new RawMetadata("application/rs-metadata+xml", broken, Instant.EPOCH, "UPDATE"));

    SessionEvent.MetadataProblemFound found =
        (SessionEvent.MetadataProblemFound) events.get(events.size() - 1);
    assertThat(found.problem()).isEqualTo(problem);
    SessionSnapshot snapshot = found.session();
    assertThat(snapshot.metadataProblem()).isEqualTo(problem);
    assertThat(snapshot.metadata().participants())
        .extracting(Participant::aor)
        .containsExactly("sip:a@x", "sip:b@x");
    assertThat(snapshot.rawMetadata().receivedIn())
        .isEqualTo("UPDATE"); // what was received, as received
    assertThat(media.open)
        .extracting(e -> e.attribution.participantIds())
        .containsExactly("A", "B");

    // A document read later ends the problem.
    service.updateMetadata(
        session.id(),
        metadata(
            true, List.of(participant("C", "sip:c@x", "s2")), List.of(), Set.of("C"), Set.of("B")),
        new RawMetadata("application/rs-metadata+xml", new byte[0], Instant.EPOCH, "BYE"));
    assertThat(session.snapshot().metadataProblem()).isNull();
  }

  @Test
  void holdInPartialMetadataPausesTheHeldStreamUntilItsParticipantSendsAgain() throws Exception {
    RecordingMetadata m =
        metadata(
            false,
            List.of(participant("A", "sip:a@x", "s1"), participant("B", "sip:b@x", "s2")),
            List.of(new MetadataStream("s1", "1", ""), new MetadataStream("s2", "2", "")),
            Set.of("A", "B"),
            Set.of());
    RecordingRequest request =
        new RecordingRequest(
            "192.0.2.1:5060/udp",
            "call-1",
            "SBC",
            "unknown",
            true,
            List.of(stream(0, "1", false), stream(1, "2", false)),
            Optional.empty(),
            Optional.of(m),
            Map.of());
    RecordingSession session = service.prepare(request);
    service.activate(session);
    RawMetadata raw =
        new RawMetadata("application/rs-metadata+xml", new byte[0], Instant.EPOCH, "re-INVITE");

    // RFC 7866 hold: A keeps only recv, so nobody sends stream 1 any more.
    service.updateMetadata(
        session.id(),
        metadata(true, List.of(participant("A", "sip:a@x")), List.of(), Set.of("A"), Set.of()),
        raw);
    assertThat(media.open.get(0).paused).isTrue();
    assertThat(media.open.get(1).paused).isFalse();
    SessionEvent.StreamPaused paused = (SessionEvent.StreamPaused) events.get(events.size() - 1);
    assertThat(paused.label().value()).isEqualTo("1");
    assertThat(paused.cause()).isEqualTo(PauseCause.METADATA_HOLD);

    // An SDP that says sendonly (as the hold re-INVITE itself does) does not lift the hold.
    service.update(session.id(), List.of(stream(0, "1", false), stream(1, "2", false)));
    assertThat(media.open.get(0).paused).isTrue();

    // Resume: A sends stream 1 again.
    service.updateMetadata(
        session.id(),
        metadata(
            true, List.of(participant("A", "sip:a@x", "s1")), List.of(), Set.of("A"), Set.of()),
        raw);
    assertThat(media.open.get(0).paused).isFalse();
    SessionEvent.StreamResumed resumed = (SessionEvent.StreamResumed) events.get(events.size() - 1);
    assertThat(resumed.label().value()).isEqualTo("1");
    assertThat(resumed.cause()).isEqualTo(PauseCause.METADATA_HOLD);
    assertThat(events).filteredOn(e -> e instanceof SessionEvent.StreamPaused).hasSize(1);
  }

  @Test
  void aStreamNobodyWasEverSaidToSendKeepsRecording() throws Exception {
    RecordingMetadata m =
        metadata(
            false,
            List.of(participant("A", "sip:a@x", "s1")),
            List.of(new MetadataStream("s1", "1", ""), new MetadataStream("s2", "2", "")),
            Set.of("A"),
            Set.of());
    RecordingRequest request =
        new RecordingRequest(
            "192.0.2.1:5060/udp",
            "call-1",
            "SBC",
            "unknown",
            true,
            List.of(stream(0, "1", false), stream(1, "2", false)),
            Optional.empty(),
            Optional.of(m),
            Map.of());
    RecordingSession session = service.prepare(request);
    service.activate(session);
    service.updateMetadata(
        session.id(),
        metadata(true, List.of(participant("C", "sip:c@x")), List.of(), Set.of("C"), Set.of()),
        new RawMetadata("application/rs-metadata+xml", new byte[0], Instant.EPOCH, "UPDATE"));
    assertThat(media.open).hasSize(2).noneMatch(e -> e.paused);
  }

  @Test
  void aSessionGivesItsPlaceBackWhenItEndsOrIsAbandonedAndAFailedPrepareToo() throws Exception {
    Admission admission = new Admission(1, 0, System::nanoTime);
    RecordingService limited =
        new RecordingService(registry, media, events::add, Clock.systemUTC(), admission);

    Admission.Ticket first = limited.admit();
    RecordingSession session = limited.prepare(offer(stream(0, "1", false)), first);
    limited.activate(session);
    assertThat(limited.admit().admitted()).isFalse();
    limited.end(session.id(), EndReason.SRC_BYE);
    assertThat(admission.occupied()).isZero();

    RecordingSession abandoned = limited.prepare(offer(stream(0, "1", false)), limited.admit());
    limited.abandon(abandoned);
    assertThat(admission.occupied()).isZero();

    media.capacity = 0;
    Admission.Ticket third = limited.admit();
    assertThatThrownBy(() -> limited.prepare(offer(stream(0, "1", false)), third))
        .isInstanceOf(MediaUnavailableException.class);
    assertThat(admission.occupied()).isZero();
  }

  private static StreamRequest removedLine(int index, String label) {
    return new StreamRequest(index, new StreamLabel(label), List.of(), false, null);
  }

  private static List<String> kinds(List<SessionEvent> events) {
    return events.stream().map(e -> e.getClass().getSimpleName()).toList();
  }

  @Test
  void aReofferThatCannotOpenItsNewStreamChangesNothingAtAll() throws Exception {
    // Two streams, the second paused; the re-offer resumes it, removes the first and adds a third,
    // and the third cannot be opened: the session must stay exactly as it was.
    RecordingSession session = service.prepare(offer(stream(0, "1", false), stream(1, "2", true)));
    service.activate(session);
    events.clear();
    FakeMediaGateway.Endpoint first = media.open.get(0);
    FakeMediaGateway.Endpoint second = media.open.get(1);
    media.capacity = 2;

    assertThatThrownBy(
            () ->
                service.update(
                    session.id(),
                    List.of(removedLine(0, "1"), stream(1, "2", false), stream(2, "3", false))))
        .isInstanceOf(MediaUnavailableException.class);

    assertThat(events).as("nothing reported").isEmpty();
    assertThat(first.closed).as("the stream the offer removed is still recording").isFalse();
    assertThat(second.paused).as("the stream the offer resumed is still paused").isTrue();
    assertThat(session.streams()).hasSize(2);
    assertThat(session.streams()).extracting(RecordedStream::isPaused).containsExactly(false, true);
    assertThat(media.open).containsExactly(first, second);

    // The same offer once a port is free again applies whole.
    media.capacity = 3;
    service.update(
        session.id(), List.of(removedLine(0, "1"), stream(1, "2", false), stream(2, "3", false)));
    assertThat(kinds(events)).containsExactly("StreamRemoved", "StreamResumed", "StreamAdded");
    assertThat(first.closed).isTrue();
    assertThat(second.paused).isFalse();
    assertThat(session.streams())
        .extracting(RecordedStream::localPort)
        .containsExactly(0, 20002, 20004);
  }

  @Test
  void aRemovedStreamAddedBackGoesOnWithItsChunkNumbersAndTimeline() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    RecordingService timed = new RecordingService(registry, media, events::add, clock);
    RecordingSession session = timed.prepare(offer(stream(0, "1", false), stream(1, "2", false)));
    timed.activate(session);
    media.open.get(1).endsAt = new TimelineStart(42, 67_200); // 4.2 s at 16 kHz

    clock.advance(Duration.ofSeconds(5));
    timed.update(session.id(), List.of(stream(0, "1", false), removedLine(1, "2")));
    clock.advance(Duration.ofMillis(1500));
    timed.update(session.id(), List.of(stream(0, "1", false), stream(1, "2", false)));

    assertThat(media.asked).hasSize(3);
    assertThat(media.asked.get(0).start()).isEqualTo(TimelineStart.ZERO);
    // Chunk 42 next, placed 1.5 s (24,000 samples at 16 kHz) after where it stopped.
    assertThat(media.asked.get(2).start()).isEqualTo(new TimelineStart(42, 67_200 + 24_000));
    SessionEvent.StreamAdded added =
        events.stream()
            .filter(SessionEvent.StreamAdded.class::isInstance)
            .map(SessionEvent.StreamAdded.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(added.stream().label().value()).isEqualTo("2");
    assertThat(added.start()).isEqualTo(new TimelineStart(42, 91_200));
    SessionEvent.StreamRemoved removed =
        events.stream()
            .filter(SessionEvent.StreamRemoved.class::isInstance)
            .map(SessionEvent.StreamRemoved.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(removed.stream().label().value()).isEqualTo("2");
    assertThat(removed.stream().localPort()).as("its port as it was").isEqualTo(20002);
  }

  @Test
  void aNewStreamStartsFromZeroAndVideoKeepsItsLabelAndMediaType() throws Exception {
    StreamRequest video =
        new StreamRequest(1, new StreamLabel("v1"), List.of(), false, null, null, "video");
    RecordingSession session = service.prepare(offer(stream(0, "1", false), video));
    service.activate(session);
    service.update(session.id(), List.of(stream(0, "1", false), video, stream(2, "3", false)));

    assertThat(media.asked)
        .extracting(MediaGateway.StreamSpec::start)
        .containsOnly(TimelineStart.ZERO);
    assertThat(session.snapshot().streams())
        .extracting(s -> s.label().value() + "/" + s.media() + "/" + s.localPort())
        .containsExactly("1/audio/20000", "v1/video/0", "3/audio/20002");
  }
}
