package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.config.Settings;
import io.siprec.srs.recording.ChangeOutcome.Changed;
import io.siprec.srs.recording.EndOutcome.Ending;
import io.siprec.srs.recording.OptionsOutcome.Reply;
import io.siprec.srs.recording.StartOutcome.Answered;
import io.siprec.srs.session.Admission;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.HeadroomGauge;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.testsupport.FakeMediaGateway;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SipMessageFixture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every SIP decision of a recording dialog, without a container: the request goes in as the SIP
 * edge would convert it, the outcome is checked as the edge would send it (status, reason,
 * headers), and what the session core holds afterwards (sessions, ports, admission places, events,
 * counters) shows that a refusal leaves nothing behind.
 */
class SiprecRecorderTest {
  private static final String INVITE = "recording/siprec-invite.sip";

  private final FakeMediaGateway media = new FakeMediaGateway();
  private final List<SessionEvent> events = new ArrayList<>();
  private final SessionRegistry registry = new SessionRegistry();
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final Counters counters = new Counters();
  private Admission admission = Admission.unlimited();
  private RecordingService recordings =
      new RecordingService(registry, media, events::add, clock, admission);
  private SiprecRecorder recorder = recorder(Map.of());

  // ------------------------------------------------------------------------------ INVITE answered

  @Test
  void anOfferIsAnsweredWithOurSdpAndTheRecordersHeadersAndGoesLiveOnlyOnceDelivered() {
    Answered answered = (Answered) recorder.start(invite().build());

    assertThat(answered.sdp())
        .contains("m=audio 20000 RTP/AVP 0", "m=audio 20002 RTP/AVP 0", "c=IN IP4 192.0.2.99");
    assertThat(answered.headers())
        .containsExactly(
            new ResponseHeader("Require", "siprec"),
            new ResponseHeader("Supported", "siprec, timer"),
            new ResponseHeader("Allow", SiprecRecorder.ALLOW));
    assertThat(answered.dialog().sdpVersion()).isEqualTo(1);
    assertThat(answered.dialog().lastAnswer()).isEqualTo(answered.sdp());
    assertThat(registry.activeCount()).as("not live before the 200 is out").isZero();
    assertThat(events).isEmpty();

    recorder.answerDelivered(answered);

    assertThat(registry.find(answered.dialog().id())).isPresent();
    assertThat(events).singleElement().isInstanceOf(SessionEvent.SessionStarted.class);
    assertThat(counters.setUps).isEqualTo(1);
    assertThat(answered.session().snapshot().sdpExchanges())
        .singleElement()
        .satisfies(x -> assertThat(x.receivedIn()).isEqualTo("INVITE"));
  }

  @Test
  void aSessionTimerTheSrcCanRefreshIsAnsweredAndRunsFromDelivery() {
    Answered answered =
        (Answered)
            recorder.start(
                invite().with("Supported", "timer").with("Session-Expires", "1800").build());

    assertThat(answered.headers())
        .contains(
            new ResponseHeader("Session-Expires", "1800;refresher=uac"),
            new ResponseHeader("Require", "timer"));
    assertThat(answered.sessionExpiry()).contains(Duration.ofSeconds(1800 - 32));
  }

  @Test
  void theCancelRaceAbandonsTheSessionItsPortsAndItsPlaceWithoutAnEvent() {
    admission = new Admission(1, 1000, System::nanoTime);
    recordings = new RecordingService(registry, media, events::add, clock, admission);
    recorder = recorder(Map.of());
    Answered answered = (Answered) recorder.start(invite().build());
    assertThat(media.open).hasSize(2);
    assertThat(admission.occupied()).isEqualTo(1);

    recorder.answerLost(answered, "CANCEL won");

    assertThat(media.open).isEmpty();
    assertThat(admission.occupied()).isZero();
    assertThat(registry.activeCount()).isZero();
    assertThat(events).isEmpty();
    assertThat(counters.setUps).isZero();
  }

  @Test
  void metadataThatCannotBeReadCostsTheMetadataNeverTheCall() {
    SipMessageFixture hostile = SipMessageFixture.load("hostile/entity-expansion-invite.sip");
    Answered answered = (Answered) recorder.start(Src.of(hostile).build());

    assertThat(answered.session().snapshot().metadataProblem().kind())
        .isEqualTo(MetadataProblem.Kind.HOSTILE);
    assertThat(counters.problems).containsEntry(MetadataProblem.Kind.HOSTILE, 1L);
  }

  // ------------------------------------------------------------------------------ INVITE refused

  @Test
  void aSourceOutsideTheAllowlistIs403AndCounted() {
    recorder = recorder(Map.of("srs.sip.allowed-sources", "10.0.0.0/8"));

    assertThat(recorder.checkSource("10.1.2.3", "INVITE")).isEmpty();
    Refused refused = recorder.checkSource("192.0.2.10", "INVITE").orElseThrow();

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.reason()).isEqualTo("Source not allowed");
    assertThat(recorder.refusedSources()).isEqualTo(1);
  }

  @Test
  void anUnknownRequiredExtensionIs420NamingIt() {
    Refused refused = refusedStart(invite().with("Require", "siprec, 100rel, foo"));

    assertThat(refused.status()).isEqualTo(420);
    assertThat(refused.reason()).isEqualTo("Bad Extension");
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Unsupported", "100rel, foo"));
  }

  @Test
  void aSessionIntervalBelowOursIs422WithMinSe() {
    Refused refused =
        refusedStart(invite().with("Supported", "timer").with("Session-Expires", "30"));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.reason()).isEqualTo("Session Interval Too Small");
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Min-SE", "90"));
  }

  @Test
  void anUnreadableBodyIs400() {
    Refused refused =
        refusedStart(invite().withBody("multipart/mixed;boundary=nowhere", "no parts at all"));

    assertThat(refused.status()).isEqualTo(400);
  }

  @Test
  void anUnreadableOfferIs400SayingWhy() {
    Refused refused =
        refusedStart(invite().withBody("application/sdp", Fixtures.text("sdp/not-sdp.txt")));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.reason()).isNotBlank().isNotEqualTo("Bad Request");
  }

  @Test
  void aBodyOverTheLimitWhoseSdpCannotBeHadWithinItIs413() {
    recorder = recorder(Map.of("srs.sip.max-body-bytes", "100"));
    String sdp = Fixtures.text("sdp/offer-two-sendonly.sdp");

    Refused refused = refusedStart(invite().withBody("application/sdp", sdp));

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.reason())
        .isEqualTo("Request body of " + sdp.length() + " bytes exceeds the limit of 100");
  }

  @Test
  void aBodyTypeWeDoNotTakeIs415WithAccept() {
    Refused refused = refusedStart(invite().withBody("text/plain", "hello"));

    assertThat(refused.status()).isEqualTo(415);
    assertThat(refused.reason()).isEqualTo("Unsupported body type text/plain");
    assertThat(refused.headers())
        .containsExactly(new ResponseHeader("Accept", SiprecRecorder.ACCEPT));
  }

  @Test
  void anOfferWithNothingWeCanRecordIs488WithAWarningSayingWhy() {
    Refused refused =
        refusedStart(
            invite()
                .withBody(
                    "application/sdp", Fixtures.text("recording/offer-no-codec-we-decode.sdp")));

    assertThat(refused.status()).isEqualTo(488);
    assertThat(refused.reason()).isEqualTo("Not Acceptable Here");
    assertThat(refused.header("Warning")).matches("3\\d\\d 127\\.0\\.0\\.1 \".+\"");
  }

  @Test
  void anInviteWithoutAnOfferIs488WithWarning399() {
    SipMessageFixture metadataOnly = SipMessageFixture.load("bodies/metadata-only-update.sip");
    Refused refused =
        refusedStart(
            invite()
                .withBody(
                    metadataOnly.header("Content-Type"),
                    new String(metadataOnly.body(), StandardCharsets.UTF_8)));

    assertThat(refused.status()).isEqualTo(488);
    assertThat(refused.reason()).isEqualTo("No SDP offer in INVITE");
    assertThat(refused.headers())
        .containsExactly(new ResponseHeader("Warning", "399 127.0.0.1 \"No SDP offer in INVITE\""));
  }

  @Test
  void aPlainInviteIs488WhenOnlySiprecIsTaken() {
    recorder = recorder(Map.of("srs.sip.accept-non-siprec", "false"));

    Refused refused =
        refusedStart(
            invite()
                .without("Require")
                .without("Contact")
                .withBody("application/sdp", Fixtures.text("sdp/offer-two-sendonly.sdp")));

    assertThat(refused.status()).isEqualTo(488);
    assertThat(refused.reason()).isEqualTo("Not a SIPREC recording session");
  }

  @Test
  void aFullServerIs503WithRetryAfterBeforeTheBodyIsRead() {
    admission = new Admission(1, 1000, System::nanoTime);
    recordings = new RecordingService(registry, media, events::add, clock, admission);
    recorder = recorder(Map.of());
    Admission.Ticket taken = recordings.admit();

    Refused refused =
        (Refused) recorder.start(invite().withBody("text/plain", "would be 415").build());

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.reason()).isEqualTo(Admission.Refusal.TOO_MANY_SESSIONS.reason());
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Retry-After", "30"));
    assertThat(admission.occupied()).isEqualTo(1);
    taken.release();
  }

  @Test
  void noHeadroomIs503WithRetryAfterAndAWarningNamingTheGaugeAndOptionsSaysSo() {
    admission = new Admission(5, 1000, System::nanoTime);
    admission.watch(List.of(HeadroomGauge.of("rtp-receive-busy", 0.85, () -> 0.93)));
    recordings = new RecordingService(registry, media, events::add, clock, admission);
    recorder = recorder(Map.of());

    Refused refused = (Refused) recorder.start(invite().build());

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.reason()).isEqualTo("Server at capacity");
    assertThat(refused.header("Retry-After")).isEqualTo("30");
    assertThat(refused.header("Warning"))
        .startsWith("399 ")
        .endsWith(" \"rtp-receive-busy 0.93 at or above 0.85\"");
    assertThat(admission.occupied()).isZero();
    assertThat(media.open).as("refused before anything is allocated").isEmpty();

    Reply options = (Reply) recorder.options(options().build());
    assertThat(options.status()).isEqualTo(503);
    assertThat(options.reason()).isEqualTo("Server at capacity");
    assertThat(options.headers())
        .contains(new ResponseHeader("Retry-After", "30"))
        .anySatisfy(h -> assertThat(h.value()).contains("rtp-receive-busy 0.93"));
  }

  @Test
  void noMediaPortsIs503WithRetryAfterAndGivesThePlaceBack() {
    admission = new Admission(5, 1000, System::nanoTime);
    recordings = new RecordingService(registry, media, events::add, clock, admission);
    recorder = recorder(Map.of());
    media.capacity = 1;

    Refused refused = (Refused) recorder.start(invite().build());

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.reason()).isEqualTo("No media resources");
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Retry-After", "30"));
    assertThat(media.open).isEmpty();
    assertThat(admission.occupied()).isZero();
  }

  @Test
  void aStoppingServerIs503WithRetryAfter() {
    recordings.drain(id -> CompletableFuture.completedFuture(null), Duration.ZERO);

    Refused refused = (Refused) recorder.start(invite().build());

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.reason()).isEqualTo("Server shutting down");
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Retry-After", "30"));
  }

  @Test
  void anInviteInADialogWeDoNotKnowIs481() {
    Refused refused = refusedStart(invite().withToTag());

    assertThat(refused.status()).isEqualTo(481);
    assertThat(refused.reason()).isEqualTo("Call/Transaction Does Not Exist");
  }

  @Test
  void aReasonPhraseIsOneLineAndAWarningHoldsNoQuotes() {
    Refused refused = refusedStart(invite().withBody("text/pl\"ain\r\nX: y", "x"));

    assertThat(refused.reason()).doesNotContain("\r", "\n");
  }

  // ------------------------------------------------------------------------------ in the dialog

  @Test
  void aReInviteWithANewOfferChangesTheStreamsAndAnswersWithTheNextVersion() {
    Answered answered = started();

    Changed changed =
        (Changed)
            recorder.change(
                reInvite()
                    .withBody(
                        "application/sdp",
                        Fixtures.text("recording/reoffer-second-line-inactive.sdp"))
                    .build(),
                Optional.of(answered.dialog()));

    assertThat(changed.dialog().sdpVersion()).isEqualTo(2);
    assertThat(changed.dialog().sdpSessionId()).isEqualTo(answered.dialog().sdpSessionId());
    assertThat(changed.sdp())
        .contains(" " + answered.dialog().sdpSessionId() + " 2 IN IP4", "a=inactive")
        .isEqualTo(changed.dialog().lastAnswer());
    assertThat(changed.headers())
        .containsExactly(
            new ResponseHeader("Supported", "siprec, timer"),
            new ResponseHeader("Allow", SiprecRecorder.ALLOW));
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(SessionEvent.StreamPaused.class));
    assertThat(answered.session().snapshot().sdpExchanges())
        .extracting(x -> x.receivedIn())
        .containsExactly("INVITE", "re-INVITE");
  }

  @Test
  void aReInviteWithoutAnOfferGetsOurLastAnswerAgain() {
    Answered answered = started();

    Changed changed =
        (Changed) recorder.change(reInvite().withoutBody().build(), Optional.of(answered.dialog()));

    assertThat(changed.sdp()).isEqualTo(answered.sdp());
    assertThat(changed.dialog()).isEqualTo(answered.dialog());
  }

  @Test
  void anUpdateWithMetadataOnlyIsAnsweredWithoutABodyAndUpdatesTheMetadata() {
    Answered answered = started();
    events.clear();
    SipMessageFixture update = SipMessageFixture.load("bodies/metadata-only-update.sip");

    Changed changed =
        (Changed) recorder.change(Src.of(update).build(), Optional.of(answered.dialog()));

    assertThat(changed.sdp()).isEmpty();
    assertThat(changed.dialog()).isEqualTo(answered.dialog());
    assertThat(events.get(0))
        .isInstanceOfSatisfying(
            SessionEvent.MetadataUpdated.class,
            e -> assertThat(e.receivedIn()).isEqualTo("UPDATE"));
  }

  @Test
  void anUpdateWithMetadataWeCannotReadIsStill200AndThePromblemIsPublished() {
    Answered answered = started();
    events.clear();

    Changed changed =
        (Changed)
            recorder.change(
                update()
                    .withBody(
                        "application/rs-metadata+xml",
                        "<recording xmlns='urn:ietf:params:xml:ns:recording:1'><datamode>")
                    .build(),
                Optional.of(answered.dialog()));

    assertThat(changed.sdp()).isEmpty();
    assertThat(events).singleElement().isInstanceOf(SessionEvent.MetadataProblemFound.class);
    assertThat(counters.problems).containsEntry(MetadataProblem.Kind.UNREADABLE, 1L);
  }

  @Test
  void inDialogRequestsOfADialogWeDoNotKnowAre481() {
    assertThat(((Refused) recorder.change(reInvite().build(), Optional.empty())).status())
        .isEqualTo(481);
    assertThat(((Refused) recorder.change(update().build(), Optional.empty())).status())
        .isEqualTo(481);
    assertThat(((Refused) recorder.bye(bye().build(), Optional.empty())).status()).isEqualTo(481);
  }

  @Test
  void aReInviteForASessionThatEndedMeanwhileIs481() {
    Answered answered = started();
    recorder.end(answered.dialog().id(), EndReason.SRC_BYE);

    Refused refused =
        (Refused)
            recorder.change(
                reInvite()
                    .withBody(
                        "application/sdp",
                        Fixtures.text("recording/reoffer-second-line-inactive.sdp"))
                    .build(),
                Optional.of(answered.dialog()));

    assertThat(refused.status()).isEqualTo(481);
  }

  @Test
  void aReInviteWithATooShortIntervalIs422AndChangesNothing() {
    Answered answered = started();

    Refused refused =
        (Refused)
            recorder.change(
                reInvite()
                    .with("Supported", "timer")
                    .with("Session-Expires", "10")
                    .withBody(
                        "application/sdp",
                        Fixtures.text("recording/reoffer-second-line-inactive.sdp"))
                    .build(),
                Optional.of(answered.dialog()));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Min-SE", "90"));
    assertThat(answered.session().snapshot().sdpExchanges()).hasSize(1);
  }

  @Test
  void aReOfferNeedingPortsWeDoNotHaveIs503AndLeavesTheSessionAsItWas() {
    Answered answered = started();
    media.capacity = 2;

    Refused refused =
        (Refused)
            recorder.change(
                reInvite()
                    .withBody("application/sdp", Fixtures.text("recording/reoffer-third-line.sdp"))
                    .build(),
                Optional.of(answered.dialog()));

    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Retry-After", "30"));
    assertThat(media.open).hasSize(2);
    assertThat(answered.session().streams()).hasSize(2);
  }

  @Test
  void aByeWithMetadataAppliesItBeforeTheSessionEnds() {
    Answered answered = started();
    events.clear();
    SipMessageFixture update = SipMessageFixture.load("bodies/metadata-only-update.sip");

    Ending ending =
        (Ending)
            recorder.bye(
                bye()
                    .withBody(
                        update.header("Content-Type"),
                        new String(update.body(), StandardCharsets.UTF_8))
                    .build(),
                Optional.of(answered.dialog()));
    recorder.end(ending.id(), EndReason.SRC_BYE);

    assertThat(events.get(0))
        .isInstanceOfSatisfying(
            SessionEvent.MetadataUpdated.class, e -> assertThat(e.receivedIn()).isEqualTo("BYE"));
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            SessionEvent.SessionEnded.class,
            e ->
                assertThat(e.session().metadata().streams())
                    .extracting(s -> s.id())
                    .containsExactly("s1"));
    assertThat(media.open).isEmpty();
  }

  @Test
  void aByeWithABodyWeCannotReadStillEndsTheSession() {
    Answered answered = started();

    EndOutcome outcome =
        recorder.bye(
            bye().withBody("multipart/mixed;boundary=x", "garbage").build(),
            Optional.of(answered.dialog()));

    assertThat(outcome).isEqualTo(new Ending(answered.dialog().id()));
  }

  // ------------------------------------------------------------------------------ OPTIONS

  @Test
  void optionsSaysWhatWeTakeAnd503WhileFullOrStopping() {
    Reply ok = (Reply) recorder.options(options().build());
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.reason()).isNull();
    assertThat(ok.headers())
        .containsExactly(
            new ResponseHeader("Allow", SiprecRecorder.ALLOW),
            new ResponseHeader("Accept", SiprecRecorder.ACCEPT),
            new ResponseHeader("Supported", "siprec, timer"));

    admission = new Admission(1, 1000, System::nanoTime);
    recordings = new RecordingService(registry, media, events::add, clock, admission);
    recorder = recorder(Map.of());
    Admission.Ticket taken = recordings.admit();
    Reply full = (Reply) recorder.options(options().build());
    assertThat(full.status()).isEqualTo(503);
    assertThat(full.reason()).isEqualTo(Admission.Refusal.TOO_MANY_SESSIONS.reason());
    assertThat(full.headers().get(0)).isEqualTo(new ResponseHeader("Retry-After", "30"));
    taken.release();

    recordings.drain(id -> CompletableFuture.completedFuture(null), Duration.ZERO);
    Reply stopping = (Reply) recorder.options(options().build());
    assertThat(stopping.status()).isEqualTo(503);
    assertThat(stopping.reason()).isEqualTo("Server shutting down");
  }

  @Test
  void optionsRequiringWhatWeDoNotKnowIs420() {
    Refused refused = (Refused) recorder.options(options().with("Require", "foo").build());

    assertThat(refused.status()).isEqualTo(420);
    assertThat(refused.headers()).containsExactly(new ResponseHeader("Unsupported", "foo"));
  }

  // ------------------------------------------------------------------------------ warm-up

  @Test
  void theRehearsalTakesTheRealPathButLeavesNothingBehind() {
    admission = new Admission(1, 1000, System::nanoTime);
    recordings = new RecordingService(registry, media, events::add, clock, admission);
    recorder = recorder(Map.of());

    String answer = recorder.rehearse(invite().build());

    assertThat(answer).contains("m=audio 0 RTP/AVP 0", "a=label:1", "a=label:2");
    assertThat(media.open).isEmpty();
    assertThat(admission.occupied()).isZero();
    assertThat(registry.activeCount()).isZero();
    assertThat(events).isEmpty();
    assertThat(counters.setUps).isZero();
    assertThat(counters.problems).isEmpty();
  }

  @Test
  void aRehearsalThatWouldBeRefusedSaysSo() {
    assertThatThrownBy(() -> recorder.rehearse(invite().with("Require", "foo").build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("420");
  }

  // ------------------------------------------------------------------------------ helpers

  private SiprecRecorder recorder(Map<String, String> settings) {
    return new SiprecRecorder(
        recordings, media, Settings.load(settings::get, k -> null, null), clock, counters);
  }

  private Refused refusedStart(Src src) {
    StartOutcome outcome = recorder.start(src.build());
    assertThat(outcome).isInstanceOf(Refused.class);
    assertThat(media.open).as("ports left open by a refusal").isEmpty();
    assertThat(admission.occupied()).as("places left taken by a refusal").isZero();
    assertThat(events).isEmpty();
    return (Refused) outcome;
  }

  private Answered started() {
    Answered answered = (Answered) recorder.start(invite().build());
    recorder.answerDelivered(answered);
    return answered;
  }

  private static Src invite() {
    return Src.of(SipMessageFixture.load(INVITE));
  }

  private static Src reInvite() {
    return invite().withToTag();
  }

  private static Src update() {
    return invite().method("UPDATE").withToTag().withoutBody();
  }

  private static Src bye() {
    return invite().method("BYE").withToTag().withoutBody();
  }

  private static Src options() {
    return invite().method("OPTIONS").withoutBody();
  }

  /**
   * A request as the SIP edge converts it, built from a fixture file and changed header by header.
   */
  private static final class Src {
    private String method;
    private final LinkedHashMap<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body;
    private boolean toTag;

    static Src of(SipMessageFixture f) {
      Src src = new Src();
      src.method = f.startLine().split(" ")[0];
      for (String[] h : f.headers()) {
        src.headers
            .computeIfAbsent(h[0].toLowerCase(Locale.ROOT), n -> new ArrayList<>())
            .add(h[1]);
      }
      src.body = f.body();
      return src;
    }

    Src method(String m) {
      method = m;
      return this;
    }

    Src with(String name, String value) {
      headers.put(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(value)));
      return this;
    }

    Src without(String name) {
      headers.remove(name.toLowerCase(Locale.ROOT));
      return this;
    }

    Src withBody(String contentType, String content) {
      body = content.getBytes(StandardCharsets.ISO_8859_1);
      return with("Content-Type", contentType);
    }

    Src withoutBody() {
      body = null;
      return without("Content-Type");
    }

    Src withToTag() {
      toTag = true;
      return this;
    }

    SipRequest build() {
      Map<String, List<String>> copy = new HashMap<>(headers);
      String contentType =
          copy.containsKey("content-type") ? copy.get("content-type").get(0) : null;
      return new SipRequest(
          method,
          "192.0.2.10",
          5060,
          "udp",
          "call-1@192.0.2.10",
          name -> copy.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()),
          List.copyOf(headers.keySet()),
          contentType,
          body,
          toTag);
    }
  }

  /** What the core counted. */
  private static final class Counters implements SetupCounters {
    int setUps;
    final Map<MetadataProblem.Kind, Long> problems = new EnumMap<>(MetadataProblem.Kind.class);
    final List<MetadataRepair> repairs = new ArrayList<>();

    @Override
    public void setUp() {
      setUps++;
    }

    @Override
    public long metadataProblem(MetadataProblem.Kind kind) {
      return problems.merge(kind, 1L, Long::sum);
    }

    @Override
    public void metadataRepaired(Collection<MetadataRepair> r) {
      repairs.addAll(r);
    }
  }
}
