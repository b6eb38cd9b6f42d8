package io.siprec.srs.recording;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.metadata.MetadataException;
import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.offer.body.ContentType;
import io.siprec.srs.offer.body.MalformedBodyException;
import io.siprec.srs.offer.body.SiprecBody;
import io.siprec.srs.offer.body.UnsupportedBodyException;
import io.siprec.srs.offer.sdp.CodecTable;
import io.siprec.srs.offer.sdp.OfferNegotiation;
import io.siprec.srs.offer.sdp.SdpAnswer;
import io.siprec.srs.offer.sdp.SdpException;
import io.siprec.srs.offer.sdp.SdpKeyMasking;
import io.siprec.srs.offer.sdp.SdpParser;
import io.siprec.srs.offer.sdp.SessionDescription;
import io.siprec.srs.recording.ChangeOutcome.Changed;
import io.siprec.srs.recording.EndOutcome.Ending;
import io.siprec.srs.recording.OptionsOutcome.Reply;
import io.siprec.srs.recording.StartOutcome.Answered;
import io.siprec.srs.session.Admission;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.HeadroomGauge;
import io.siprec.srs.session.MediaGateway;
import io.siprec.srs.session.MediaUnavailableException;
import io.siprec.srs.session.RecordedStream;
import io.siprec.srs.session.RecordingRequest;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.ServerShuttingDownException;
import io.siprec.srs.session.UnknownSessionException;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIPREC use cases, decided without a container: each request of a recording dialog goes in as
 * a {@link SipRequest} and comes out as a sealed outcome that the SIP edge turns into its answer.
 * Starting reads: admit, read the body, negotiate the offer, read the metadata, prepare the
 * session, answer; the edge sends the answer and then {@link #answerDelivered activates} or {@link
 * #answerLost abandons} it.
 *
 * <p>Failure answers name the problem in the reason phrase (operators read them in SBC traces): 400
 * for an unreadable body or SDP, 413 for a body over the limit whose SDP cannot be had within it,
 * 415 for a body type we do not take, 420 with Unsupported for an unknown required extension, 422
 * with Min-SE for a session interval below ours, 481 for a dialog we do not know, 488 with a
 * Warning when nothing offered can be recorded, 503 with Retry-After when the server is full, out
 * of media ports or stopping. None of them leaves anything allocated. Metadata never causes one:
 * what cannot be read is kept, shown and counted, and the call is recorded without it
 * (docs/metadata.md, "Policies").
 */
@ApplicationScoped
public class SiprecRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(SiprecRecorder.class);

  public static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE";
  public static final String ACCEPT =
      "application/sdp, application/rs-metadata+xml, application/rs-metadata, multipart/mixed";
  private static final String NO_DIALOG = "Call/Transaction Does Not Exist";

  private RecordingService recordings;
  private MediaGateway media;
  private Settings settings;
  private Clock clock;
  private SetupCounters counters;
  private OfferNegotiation negotiation;
  private MetadataReader metadataReader;
  private SourceAllowlist allowlist = SourceAllowlist.anyone();
  private final AtomicLong refusedSources = new AtomicLong();

  protected SiprecRecorder() {
    // for CDI proxies
  }

  @Inject
  public SiprecRecorder(
      RecordingService recordings,
      MediaGateway media,
      Settings settings,
      Clock clock,
      SetupCounters counters) {
    this.recordings = recordings;
    this.media = media;
    this.settings = settings;
    this.clock = clock;
    this.counters = counters;
    this.negotiation = new OfferNegotiation(CodecTable.allDecodable());
    this.metadataReader = new MetadataReader(settings.intValue(Setting.METADATA_MAX_BYTES));
    this.allowlist = SourceAllowlist.of(settings.listValue(Setting.SIP_ALLOWED_SOURCES));
  }

  /**
   * Every request passes here first: a source outside srs.sip.allowed-sources is refused 403 and
   * counted (the edge drops an ACK, which cannot be answered). @return empty to go on
   */
  public Optional<Refused> checkSource(String remoteAddress, String method) {
    if (allowlist.allows(remoteAddress)) {
      return Optional.empty();
    }
    long n = refusedSources.incrementAndGet();
    if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: visible without flooding the log
      LOG.warn(
          "refused {} from {} (not in srs.sip.allowed-sources); {} refused so far",
          method,
          remoteAddress,
          n);
    }
    return Optional.of(Refused.of(403, "Source not allowed"));
  }

  /** Requests refused because of their source address. */
  public long refusedSources() {
    return refusedSources.get();
  }

  // ------------------------------------------------------------------------------ INVITE

  /** An initial INVITE. */
  public StartOutcome start(SipRequest req) {
    if (req.hasToTag()) {
      // A request inside a dialog we do not know (RFC 3261 §12.2.2), e.g. a re-INVITE after our
      // restart.
      return Refused.of(481, NO_DIALOG);
    }
    if (!recordings.isAccepting()) {
      return Refused.of(503, "Server shutting down", "Retry-After", retryAfter());
    }
    // Overload is refused first and cheaply, before the body is read.
    Admission.Ticket ticket = recordings.admit();
    if (!ticket.admitted()) {
      LOG.debug(
          "refusing call-id {}: {}",
          req.callId(),
          ticket.refusal().reason()); // counted in Admission
      return busy(ticket.refusal().reason(), ticket.spent());
    }
    StartOutcome outcome = null;
    try {
      outcome = prepare(req, ticket);
      return outcome;
    } finally {
      if (!(outcome instanceof Answered)) {
        ticket.release(); // refused or failed before a session took the place
      }
    }
  }

  /**
   * The start-up warm-up: takes {@code invite} through every step of {@link #start} that needs no
   * session (body, SDP, offer/answer, metadata, vendor, answer headers), so that the first real
   * INVITE does not pay for loading them. No session, no ports, no events, nothing counted.
   *
   * @return the answer it would have sent, ports 0, keys masked
   * @throws IllegalStateException if the INVITE would have been refused
   */
  public String rehearse(SipRequest invite) {
    Decision decision = decide(invite, true);
    if (decision.refused() != null) {
      throw new IllegalStateException(
          "the rehearsal INVITE would be refused: "
              + decision.refused().status()
              + " "
              + decision.refused().reason());
    }
    Offer offer = decision.offer();
    List<Integer> ports = Collections.nCopies(offer.negotiated().lines().size(), 0);
    return SdpKeyMasking.mask(
        SdpAnswer.write(offer.negotiated(), ports, media.advertisedAddress(), 1, 1));
  }

  /**
   * What is decided about an INVITE before anything is allocated: an offer to record, or refused.
   */
  private record Decision(Offer offer, Refused refused) {
    static Decision refuse(Refused refused) {
      return new Decision(null, refused);
    }
  }

  /** An offer we record: the request for the session core and the headers of our 200. */
  private record Offer(
      OfferNegotiation.Outcome negotiated,
      RecordingRequest request,
      byte[] sdp,
      List<ResponseHeader> headers,
      Optional<SessionTimer> timer) {}

  /** The INVITE of an admitted session. */
  private StartOutcome prepare(SipRequest req, Admission.Ticket ticket) {
    Decision decision = decide(req, false);
    if (decision.refused() != null) {
      return decision.refused();
    }
    Offer offer = decision.offer();
    RecordingSession session;
    try {
      session = recordings.prepare(offer.request(), ticket);
    } catch (MediaUnavailableException e) {
      LOG.warn("refusing call-id {}: {}", req.callId(), e.getMessage());
      return Refused.of(503, "No media resources", "Retry-After", retryAfter());
    } catch (ServerShuttingDownException e) {
      return Refused.of(503, "Server shutting down", "Retry-After", retryAfter());
    }
    try {
      long sdpSession = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
      String answer = answer(offer.negotiated(), session, sdpSession, 1);
      recordings.negotiated(session, "INVITE", forDisplay(offer.sdp()), SdpKeyMasking.mask(answer));
      return new Answered(
          session,
          answer,
          offer.headers(),
          new DialogState(session.id(), sdpSession, 1, answer),
          expiry(offer.timer()));
    } catch (RuntimeException e) {
      recordings.abandon(session); // its ports open, never to be answered
      throw e;
    }
  }

  private Decision decide(SipRequest req, boolean dryRun) {
    List<String> require = OptionTags.parse(req.headerValues("Require").iterator());
    List<String> supported = OptionTags.parse(req.headerValues("Supported").iterator());
    List<String> unsupported = OptionTags.unsupported(require);
    if (!unsupported.isEmpty()) {
      return Decision.refuse(
          Refused.of(420, "Bad Extension", "Unsupported", String.join(", ", unsupported)));
    }
    Optional<SessionTimer> timer = sessionTimer(req, require, supported);
    if (timer.isPresent() && timer.get().tooSmall(minSessionExpires())) {
      return Decision.refuse(
          Refused.of(
              422, "Session Interval Too Small", "Min-SE", String.valueOf(minSessionExpires())));
    }
    Body body = readBody(req);
    if (body.refused() != null) {
      return Decision.refuse(body.refused());
    }
    SiprecBody siprecBody = body.body();
    boolean siprec =
        SiprecMarkers.isSiprec(
            require, supported, req.header("Contact"), siprecBody.metadata().isPresent());
    if (!siprec && !settings.booleanValue(Setting.SIP_ACCEPT_NON_SIPREC)) {
      return Decision.refuse(Refused.of(488, "Not a SIPREC recording session"));
    }
    if (siprecBody.sdp().isEmpty()) {
      // RFC 3261 §20.43: no 30x code fits an offer that is missing; 399 carries the words.
      return Decision.refuse(
          Refused.of(
              488,
              "No SDP offer in INVITE",
              "Warning",
              "399 " + warnAgent() + " \"No SDP offer in INVITE\""));
    }
    Negotiated negotiated = negotiate(siprecBody.sdp().get());
    if (negotiated.refused() != null) {
      return Decision.refuse(negotiated.refused());
    }
    OfferNegotiation.Outcome outcome = negotiated.outcome();
    Optional<Metadata> metadata =
        siprecBody.metadata().map(part -> readMetadata(req, part, "INVITE", dryRun));
    // Metadata we could not read costs the metadata, never the call: participants as without any.
    Optional<RecordingMetadata> normalised =
        metadata
            .flatMap(Metadata::read)
            .or(
                () ->
                    SipHeaderFacts.participants(
                        req::headerValues, siprec, req.header("From"), req.header("To")));
    String userAgent = Optional.ofNullable(req.header("User-Agent")).orElse("");
    RecordingRequest request =
        new RecordingRequest(
            req.srcAddress(),
            req.callId(),
            userAgent,
            SrcVendors.detect(clues(req, userAgent, outcome.offer(), metadata)),
            siprec,
            outcome.requests(),
            metadata.map(Metadata::raw),
            normalised,
            SipHeaderFacts.callIdentifiers(req::headerValues),
            metadata.flatMap(Metadata::problem));
    List<ResponseHeader> headers = new ArrayList<>();
    // The 200 to an offer that records some lines says why the others are not (port 0 in the
    // answer).
    for (OfferNegotiation.LineWarning w : outcome.lineWarnings()) {
      headers.add(new ResponseHeader("Warning", warning(w.code(), w.text())));
    }
    recorderHeaders(
        headers, require.contains(OptionTags.SIPREC) || supported.contains(OptionTags.SIPREC));
    timerHeaders(headers, timer);
    return new Decision(new Offer(outcome, request, siprecBody.sdp().get(), headers, timer), null);
  }

  /** The 200 OK went out: the session is live. */
  public void answerDelivered(Answered answered) {
    counters.setUp();
    recordings.activate(answered.session());
    recordings.refreshed(answered.session().id(), answered.sessionExpiry().orElse(null));
  }

  /**
   * The 200 OK could not be sent (e.g. a CANCEL won the race): the SRC will never see this session.
   */
  public void answerLost(Answered answered, String why) {
    recordings.abandon(answered.session());
    LOG.warn(
        "answer to call-id {} could not be sent ({}); session {} abandoned",
        answered.session().callId(),
        why,
        answered.session().id());
  }

  // ------------------------------------------------------------------------------ in the dialog

  /**
   * A re-INVITE or UPDATE: a new offer (streams added, changed, paused, resumed), then metadata (so
   * it can name the new streams). A re-INVITE without SDP gets our last answer again (then our
   * offer, answered in the ACK); an UPDATE with metadata only (Avaya SBCE) gets a 200 without body.
   * Metadata that cannot be read is never a reason to refuse: the session keeps its last good
   * metadata and the problem is published.
   *
   * @param dialog the dialog's state; empty for a dialog we do not know (or an UPDATE outside one)
   */
  public ChangeOutcome change(SipRequest req, Optional<DialogState> dialog) {
    if (dialog.isEmpty()) {
      return Refused.of(481, NO_DIALOG);
    }
    String receivedIn = "INVITE".equals(req.method()) ? "re-INVITE" : req.method();
    Optional<SessionTimer> timer =
        sessionTimer(
            req,
            OptionTags.parse(req.headerValues("Require").iterator()),
            OptionTags.parse(req.headerValues("Supported").iterator()));
    if (timer.isPresent() && timer.get().tooSmall(minSessionExpires())) {
      return Refused.of(
          422, "Session Interval Too Small", "Min-SE", String.valueOf(minSessionExpires()));
    }
    Body body = readBody(req);
    if (body.refused() != null) {
      return body.refused();
    }
    RecordingSessionId id = dialog.get().id();
    Optional<Metadata> metadata =
        body.body().metadata().map(part -> readMetadata(req, part, receivedIn, false));
    DialogState next = dialog.get();
    String answer;
    if (body.body().sdp().isEmpty()) {
      answer = "UPDATE".equals(req.method()) ? "" : dialog.get().lastAnswer();
    } else {
      byte[] sdp = body.body().sdp().get();
      Negotiated negotiated = negotiate(sdp);
      if (negotiated.refused() != null) {
        return negotiated.refused();
      }
      RecordingSession session;
      try {
        session = recordings.update(id, negotiated.outcome().requests());
      } catch (MediaUnavailableException e) {
        return Refused.of(503, "No media resources", "Retry-After", retryAfter());
      } catch (UnknownSessionException e) {
        return Refused.of(481, NO_DIALOG);
      }
      long version = dialog.get().sdpVersion() + 1;
      answer = answer(negotiated.outcome(), session, dialog.get().sdpSessionId(), version);
      recordings.negotiated(session, receivedIn, forDisplay(sdp), SdpKeyMasking.mask(answer));
      next = new DialogState(id, dialog.get().sdpSessionId(), version, answer);
    }
    metadata.ifPresent(m -> apply(id, m));
    List<ResponseHeader> headers = new ArrayList<>();
    recorderHeaders(headers, false);
    timerHeaders(headers, timer);
    return new Changed(answer, headers, next, expiry(timer));
  }

  /** The 200 OK to a re-INVITE or UPDATE went out: the session timer runs from now. */
  public void changeDelivered(Changed changed) {
    recordings.refreshed(changed.dialog().id(), changed.sessionExpiry().orElse(null));
  }

  /**
   * A BYE. CPaaS SRCs put the final metadata in it: applied here; a body we cannot read never fails
   * the BYE.
   */
  public EndOutcome bye(SipRequest req, Optional<DialogState> dialog) {
    if (dialog.isEmpty()) {
      return Refused.of(481, NO_DIALOG);
    }
    RecordingSessionId id = dialog.get().id();
    Optional<SiprecBody> body = Optional.empty();
    try {
      body = Optional.of(SiprecBody.read(req.contentType(), req.body()));
    } catch (RuntimeException e) {
      LOG.info("session {}: unreadable body in BYE ignored: {}", id, e.getMessage());
    }
    body.flatMap(SiprecBody::metadata)
        .ifPresent(part -> apply(id, readMetadata(req, part, "BYE", false)));
    return new Ending(id);
  }

  /** Ends a session: BYE, CANCEL, no ACK. Ending one already ended does nothing. */
  public void end(RecordingSessionId id, EndReason reason) {
    recordings.end(id, reason);
  }

  // ------------------------------------------------------------------------------ OPTIONS

  /**
   * OPTIONS. SBC recording-server groups ping with it: a full or stopping server says so, and the
   * SBC sends new calls to another member until Retry-After has passed.
   */
  public OptionsOutcome options(SipRequest req) {
    List<String> unsupported =
        OptionTags.unsupported(OptionTags.parse(req.headerValues("Require").iterator()));
    if (!unsupported.isEmpty()) {
      return Refused.of(420, "Bad Extension", "Unsupported", String.join(", ", unsupported));
    }
    Admission admission = recordings.admission();
    int status = 200;
    String reason = null;
    HeadroomGauge.Spent spent = null;
    if (!recordings.isAccepting()) {
      status = 503;
      reason = "Server shutting down";
    } else if (admission.isFull()) {
      status = 503;
      reason = Admission.Refusal.TOO_MANY_SESSIONS.reason();
    } else if ((spent = admission.spentHeadroom()) != null) {
      status = 503;
      reason = Admission.Refusal.NO_HEADROOM.reason();
    }
    List<ResponseHeader> headers = new ArrayList<>();
    if (status == 503) {
      headers.add(new ResponseHeader("Retry-After", retryAfter()));
    }
    if (spent != null) {
      headers.add(new ResponseHeader("Warning", warning(399, spent.describe())));
    }
    headers.add(new ResponseHeader("Allow", ALLOW));
    headers.add(new ResponseHeader("Accept", ACCEPT));
    headers.add(new ResponseHeader("Supported", OptionTags.SIPREC + ", " + OptionTags.TIMER));
    return new Reply(status, reason, headers);
  }

  // ------------------------------------------------------------------------------ steps

  /** A body read, or the answer that refuses it. */
  private record Body(SiprecBody body, Refused refused) {}

  /**
   * Reads the body, or refuses it 400/413/415. A body over srs.sip.max-body-bytes gets 413 only if
   * its SDP cannot be had within that limit (an SDP body that large, or a multipart body that
   * cannot be split): the rest of a multipart body is metadata, which has its own limit and never
   * costs the call, or parts we ignore.
   */
  private Body readBody(SipRequest req) {
    byte[] raw = req.body();
    int limit = settings.intValue(Setting.SIP_MAX_BODY_BYTES);
    boolean overLimit = raw != null && raw.length > limit;
    SiprecBody body;
    try {
      body = SiprecBody.read(req.contentType(), raw);
    } catch (MalformedBodyException e) {
      return new Body(
          null,
          Refused.of(
              overLimit ? 413 : 400,
              overLimit ? tooLarge("Request body", raw.length, limit) : e.getMessage()));
    } catch (UnsupportedBodyException e) {
      return new Body(
          null, Refused.of(415, "Unsupported body type " + e.mediaType(), "Accept", ACCEPT));
    }
    int sdpSize = body.sdp().map(sdp -> sdp.length).orElse(0);
    if (overLimit && sdpSize > limit) {
      return new Body(
          null,
          Refused.of(
              413, tooLarge(sdpSize == raw.length ? "Request body" : "SDP part", sdpSize, limit)));
    }
    return new Body(body, null);
  }

  private static String tooLarge(String what, int size, int limit) {
    return what + " of " + size + " bytes exceeds the limit of " + limit;
  }

  /** An offer negotiated, or the answer that refuses it. */
  private record Negotiated(OfferNegotiation.Outcome outcome, Refused refused) {}

  /**
   * Parses and negotiates an offer, or refuses it 400 (unreadable) or 488 (nothing we can record).
   */
  private Negotiated negotiate(byte[] sdp) {
    OfferNegotiation.Outcome outcome;
    try {
      outcome = negotiation.negotiate(SdpParser.parse(sdp));
    } catch (SdpException e) {
      return new Negotiated(null, Refused.of(400, e.getMessage()));
    }
    if (!outcome.anyAccepted()) {
      return new Negotiated(
          null,
          Refused.of(
              488,
              "Not Acceptable Here",
              "Warning",
              warning(outcome.refusalWarning(), outcome.refusalText())));
    }
    return new Negotiated(outcome, null);
  }

  /**
   * Metadata as received (its first bytes only when hostile or oversize) and what became of it:
   * read (perhaps repaired), or not read, and why.
   */
  private record Metadata(
      RawMetadata raw, Optional<RecordingMetadata> read, Optional<MetadataProblem> problem) {}

  /**
   * Reads metadata, never failing: a document we cannot or will not read (unreadable, hostile,
   * oversize) is kept, counted and logged, and the request goes on without it.
   */
  private Metadata readMetadata(
      SipRequest req, SiprecBody.Metadata part, String receivedIn, boolean dryRun) {
    byte[] content = part.content();
    try {
      RecordingMetadata read = metadataReader.read(content);
      if (!dryRun) {
        counters.metadataRepaired(read.repairs());
      }
      return new Metadata(raw(part, receivedIn), Optional.of(read), Optional.empty());
    } catch (MetadataException e) {
      Instant at = clock.instant();
      MetadataProblem problem =
          new MetadataProblem(
              e.kind(), e.getMessage(), e.repairsTried(), receivedIn, at, content.length);
      if (!dryRun) {
        long n = counters.metadataProblem(e.kind());
        if (Long.bitCount(n)
            == 1) { // 1, 2, 4, 8, ... of each kind: visible without flooding the log
          LOG.warn(
              "metadata in {} {} from {} not read ({}: {}); recorded without it; {} {} so far",
              receivedIn,
              req.callId(),
              req.remoteAddress(),
              e.kind().wireName(),
              e.getMessage(),
              n,
              e.kind().wireName());
        } else {
          LOG.debug("metadata in {} {} not read: {}", receivedIn, req.callId(), e.getMessage());
        }
      }
      byte[] kept = Arrays.copyOf(content, problem.keptBytes());
      return new Metadata(
          new RawMetadata(part.contentType(), kept, at, receivedIn),
          Optional.empty(),
          Optional.of(problem));
    }
  }

  /** In-dialog metadata: merged into the session, or, not read, kept with its problem. */
  private void apply(RecordingSessionId id, Metadata m) {
    if (m.read().isPresent()) {
      recordings.updateMetadata(id, m.read().get(), m.raw());
    } else {
      recordings.metadataUnread(id, m.problem().orElseThrow(), m.raw());
    }
  }

  private RawMetadata raw(SiprecBody.Metadata m, String receivedIn) {
    return new RawMetadata(m.contentType(), m.content(), clock.instant(), receivedIn);
  }

  private String answer(
      OfferNegotiation.Outcome outcome, RecordingSession session, long sdpSession, long version) {
    List<Integer> ports =
        outcome.lines().stream()
            .map(
                l ->
                    session.stream(l.request().mediaIndex())
                        .map(RecordedStream::localPort)
                        .orElse(0))
            .toList();
    return SdpAnswer.write(outcome, ports, media.advertisedAddress(), sdpSession, version);
  }

  /** RFC 4028: what the SRC asked for (Session-Expires, compact form x), if anything readable. */
  private static Optional<SessionTimer> sessionTimer(
      SipRequest req, List<String> require, List<String> supported) {
    String value = req.header("Session-Expires");
    if (value == null) {
      value = req.header("x");
    }
    return SessionTimer.requested(
        value, SessionTimer.supported(require) || SessionTimer.supported(supported));
  }

  private static Optional<Duration> expiry(Optional<SessionTimer> timer) {
    return timer.filter(SessionTimer::inForce).map(t -> Duration.ofMillis(t.expiryMillis()));
  }

  /** RFC 7866 §6.1.2: Require: siprec if the SRC asked for it; what we support and allow. */
  private static void recorderHeaders(List<ResponseHeader> headers, boolean requireSiprec) {
    if (requireSiprec) {
      headers.add(new ResponseHeader("Require", OptionTags.SIPREC));
    }
    headers.add(new ResponseHeader("Supported", OptionTags.SIPREC + ", " + OptionTags.TIMER));
    headers.add(new ResponseHeader("Allow", ALLOW));
  }

  /** Our side of RFC 4028 in a 2xx: the interval, and the SRC as the refresher. */
  private static void timerHeaders(List<ResponseHeader> headers, Optional<SessionTimer> timer) {
    if (timer.isPresent() && timer.get().inForce()) {
      headers.add(new ResponseHeader("Session-Expires", timer.get().answerHeader()));
      headers.add(new ResponseHeader("Require", OptionTags.TIMER));
    }
  }

  private SrcVendors.Clues clues(
      SipRequest req, String userAgent, SessionDescription offer, Optional<Metadata> metadata) {
    String boundary = "";
    try {
      String b = ContentType.parse(req.contentType()).parameter("boundary");
      boundary = b == null ? "" : b;
    } catch (RuntimeException e) {
      // no or odd Content-Type: no clue from it
    }
    return new SrcVendors.Clues(
        userAgent,
        offer.origin() == null ? "" : offer.origin().username(),
        boundary,
        Optional.ofNullable(req.header("Contact")).orElse(""),
        metadata.map(m -> m.raw().text()).orElse(""),
        req.headerNames());
  }

  private int minSessionExpires() {
    return settings.intValue(Setting.SIP_MIN_SESSION_EXPIRES);
  }

  /**
   * 503 with Retry-After; when measured headroom refused it, a Warning (RFC 3261 §20.43, 399
   * miscellaneous) names the gauge and its reading, for the SBC admin reading a trace.
   */
  private Refused busy(String reason, HeadroomGauge.Spent spent) {
    List<ResponseHeader> headers = new ArrayList<>();
    headers.add(new ResponseHeader("Retry-After", retryAfter()));
    if (spent != null) {
      headers.add(new ResponseHeader("Warning", warning(399, spent.describe())));
    }
    return new Refused(503, reason, headers);
  }

  private String retryAfter() {
    return settings.get(Setting.SIP_RETRY_AFTER_SECONDS);
  }

  /**
   * RFC 3261 §20.43 warn-agent: a hostport, so an IPv6 address in brackets (§25.1 IPv6reference).
   */
  private String warnAgent() {
    String address = settings.getOr(Setting.SIP_PUBLIC_ADDRESS, Setting.SIP_ADDRESS);
    return address.indexOf(':') >= 0 && !address.startsWith("[") ? "[" + address + "]" : address;
  }

  /**
   * A Warning value (RFC 3261 §20.43): code, agent, quoted text without quotes or controls in it.
   */
  private String warning(int code, String text) {
    String safe = text.replaceAll("[^\\x20-\\x7e]", "?").replace('"', '\'').replace('\\', '/');
    if (safe.length() > 300) {
      safe = safe.substring(0, 297) + "...";
    }
    return code + " " + warnAgent() + " \"" + safe + "\"";
  }

  /** An offer as operators see it: text, with any key material masked. */
  private static String forDisplay(byte[] sdp) {
    return SdpKeyMasking.mask(new String(sdp, StandardCharsets.UTF_8));
  }
}
