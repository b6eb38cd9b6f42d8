package io.siprec.srs.sip;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.metadata.MetadataException;
import io.siprec.srs.metadata.MetadataReader;
import io.siprec.srs.session.Admission;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.MediaGateway;
import io.siprec.srs.session.MediaUnavailableException;
import io.siprec.srs.session.MetadataProblem;
import io.siprec.srs.session.RawMetadata;
import io.siprec.srs.session.RecordedStream;
import io.siprec.srs.session.RecordingMetadata;
import io.siprec.srs.session.RecordingRequest;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SignallingControl;
import io.siprec.srs.session.UnknownSessionException;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import javax.servlet.sip.Address;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIPREC requests into recording-session commands and the outcome into SIP answers. All
 * SIP servlet types stay in this package; the session core sees plain requests.
 *
 * <p>Failure answers name the problem in the reason phrase (operators read them in SBC traces):
 * 400 for an unreadable body or SDP, 413 for a body over the limit whose SDP cannot be had within
 * it, 415 for a body type we do not take, 420 with Unsupported for an unknown required extension, 488
 * with a Warning when nothing offered can be recorded, 503 with Retry-After when media ports run
 * out or the server is stopping. None of them leaves anything allocated. Metadata never causes
 * one: what cannot be read is kept, shown and counted, and the call is recorded without it
 * (docs/metadata.md, "Policies").
 */
@ApplicationScoped
public class SiprecSignalling implements SignallingControl {
  /** ServletContext attribute under which the composition root leaves the running instance. */
  public static final String ATTRIBUTE = SiprecSignalling.class.getName();

  private static final Logger LOG = LoggerFactory.getLogger(SiprecSignalling.class);

  static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE";
  static final String ACCEPT = "application/sdp, application/rs-metadata+xml, application/rs-metadata, multipart/mixed";
  private static final int MAX_REASON_LENGTH = 120;

  /** SipSession attributes (Strings and Longs only: the container may serialise them). */
  private static final String ATTR_ID = "srs.recordingSessionId";
  private static final String ATTR_SDP_SESSION = "srs.sdp.sessionId";
  private static final String ATTR_SDP_VERSION = "srs.sdp.version";
  private static final String ATTR_LAST_ANSWER = "srs.sdp.lastAnswer";

  private RecordingService recordings;
  private MediaGateway media;
  private Settings settings;
  private Clock clock;
  private OfferNegotiation negotiation;
  private MetadataReader metadataReader;
  private SourceAllowlist allowlist = SourceAllowlist.anyone();
  private final java.util.concurrent.atomic.AtomicLong refusedSources = new java.util.concurrent.atomic.AtomicLong();
  private SetupStatistics setups;
  private final ConcurrentHashMap<String, SipSession> dialogs = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, CompletableFuture<Void>> byeAnswers = new ConcurrentHashMap<>();

  protected SiprecSignalling() {
    // for CDI proxies
  }

  @Inject
  public SiprecSignalling(RecordingService recordings, MediaGateway media, Settings settings, Clock clock,
      SetupStatistics setups) {
    this.recordings = recordings;
    this.setups = setups;
    this.media = media;
    this.settings = settings;
    this.clock = clock;
    this.negotiation = new OfferNegotiation(CodecTable.allDecodable());
    this.metadataReader = new MetadataReader(settings.intValue(Setting.METADATA_MAX_BYTES));
    this.allowlist = SourceAllowlist.of(settings.listValue(Setting.SIP_ALLOWED_SOURCES));
  }

  /**
   * Every request passes here first. A source outside srs.sip.allowed-sources gets 403 (an ACK,
   * which cannot be answered, is dropped) and is counted. @return true to go on
   */
  boolean admitSource(SipServletRequest req) throws IOException {
    if (allowlist.allows(req.getRemoteAddr())) {
      return true;
    }
    long n = refusedSources.incrementAndGet();
    if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ...: visible without flooding the log
      LOG.warn("refused {} from {} (not in srs.sip.allowed-sources); {} refused so far", req.getMethod(),
          req.getRemoteAddr(), n);
    }
    if (!req.getMethod().equals("ACK")) {
      reject(req, 403, "Source not allowed");
    }
    return false;
  }

  /**
   * Runs a bundled INVITE through the container-free steps of an INVITE (see {@link InviteRehearsal}),
   * so that the first SRC after start is answered as fast as the rest.
   */
  public void warmUp() {
    InviteRehearsal.run(negotiation, metadataReader, media.advertisedAddress());
    try {
      InviteRehearsal.runThroughSipStack();
    } catch (Exception | LinkageError e) {
      // e.g. a container whose SIP stack is not JAIN-SIP: only the first call's speed is at stake
      LOG.info("the SIP stack could not be warmed up ({}); the first call after start may be slower", e.toString());
    }
  }

  /** Requests refused because of their source address. */
  public long refusedSources() {
    return refusedSources.get();
  }

  /**
   * Metadata as received (its first bytes only when hostile or oversize) and what became of it:
   * read (perhaps repaired), or not read, and why.
   */
  private record Metadata(RawMetadata raw, Optional<RecordingMetadata> read, Optional<MetadataProblem> problem) {}

  // ------------------------------------------------------------------------------ INVITE

  void onInitialInvite(SipServletRequest req) throws IOException {
    if (req.getTo().getParameter("tag") != null) {
      // A request inside a dialog we do not know (RFC 3261 §12.2.2), e.g. a re-INVITE after our restart.
      reject(req, 481, "Call/Transaction Does Not Exist");
      return;
    }
    if (!recordings.isAccepting()) {
      reject(req, 503, "Server shutting down", "Retry-After", retryAfter());
      return;
    }
    // Overload is refused first and cheaply, before the body is read.
    Admission.Ticket ticket = recordings.admit();
    if (!ticket.admitted()) {
      LOG.debug("refusing call-id {}: {}", req.getCallId(), ticket.refusal().reason()); // counted in Admission
      reject(req, 503, ticket.refusal().reason(), "Retry-After", retryAfter());
      return;
    }
    boolean prepared = false;
    try {
      prepared = record(req, ticket);
    } finally {
      if (!prepared) {
        ticket.release(); // refused or failed before a session took the place
      }
    }
  }

  private String retryAfter() {
    return settings.get(Setting.SIP_RETRY_AFTER_SECONDS);
  }

  /** The INVITE of an admitted session. @return true once a session holds the ticket */
  private boolean record(SipServletRequest req, Admission.Ticket ticket) throws IOException {
    List<String> require = OptionTags.parse(req.getHeaders("Require"));
    List<String> supported = OptionTags.parse(req.getHeaders("Supported"));
    List<String> unsupported = OptionTags.unsupported(require);
    if (!unsupported.isEmpty()) {
      reject(req, 420, "Bad Extension", "Unsupported", String.join(", ", unsupported));
      return false;
    }
    Optional<SessionTimer> timer = sessionTimer(req, require, supported);
    if (timer.isPresent() && timer.get().tooSmall(minSessionExpires())) {
      reject(req, 422, "Session Interval Too Small", "Min-SE", String.valueOf(minSessionExpires()));
      return false;
    }
    Optional<SiprecBody> body = readBody(req);
    if (body.isEmpty()) {
      return false;
    }
    boolean siprec = SiprecMarkers.isSiprec(require, supported, req.getHeader("Contact"),
        body.get().metadata().isPresent());
    if (!siprec && !settings.booleanValue(Setting.SIP_ACCEPT_NON_SIPREC)) {
      reject(req, 488, "Not a SIPREC recording session");
      return false;
    }
    if (body.get().sdp().isEmpty()) {
      // RFC 3261 §20.43: no 30x code fits an offer that is missing; 399 carries the words.
      reject(req, 488, "No SDP offer in INVITE", "Warning", "399 " + warnAgent() + " \"No SDP offer in INVITE\"");
      return false;
    }
    Optional<OfferNegotiation.Outcome> outcome = negotiate(req, body.get().sdp().get());
    if (outcome.isEmpty()) {
      return false;
    }
    Optional<Metadata> metadata = body.get().metadata().map(part -> readMetadata(req, part, "INVITE"));
    Function<String, List<String>> headers = name -> list(req.getHeaders(name));
    // Metadata we could not read costs the metadata, never the call: participants as without any.
    Optional<RecordingMetadata> normalised = metadata.flatMap(Metadata::read).or(() -> SipHeaderFacts.participants(
        headers, siprec, req.getHeader("From"), req.getHeader("To")));
    String userAgent = Optional.ofNullable(req.getHeader("User-Agent")).orElse("");
    RecordingRequest request = new RecordingRequest(
        srcAddress(req),
        req.getCallId(),
        userAgent,
        SrcVendors.detect(clues(req, userAgent, outcome.get().offer(), metadata)),
        siprec,
        outcome.get().requests(),
        metadata.map(Metadata::raw),
        normalised,
        SipHeaderFacts.callIdentifiers(headers),
        metadata.flatMap(Metadata::problem));
    RecordingSession session;
    try {
      session = recordings.prepare(request, ticket);
    } catch (MediaUnavailableException e) {
      LOG.warn("refusing call-id {}: {}", req.getCallId(), e.getMessage());
      reject(req, 503, "No media resources", "Retry-After", retryAfter());
      return false;
    }

    SipSession sipSession = req.getSession();
    long sdpSession = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    String answer = answer(outcome.get(), session, sdpSession, 1);
    recordings.negotiated(session, "INVITE", forDisplay(body.get().sdp().get()), SdpKeyMasking.mask(answer));
    SipServletResponse ok = req.createResponse(200);
    ok.setContent(answer.getBytes(StandardCharsets.US_ASCII), SiprecBody.SDP);
    warnOfRefusedLines(ok, outcome.get());
    markAsRecorder(ok, require.contains(OptionTags.SIPREC) || supported.contains(OptionTags.SIPREC));
    answerTimer(ok, timer);
    String id = session.id().value();
    sipSession.setAttribute(ATTR_ID, id);
    sipSession.setAttribute(ATTR_SDP_SESSION, sdpSession);
    sipSession.setAttribute(ATTR_SDP_VERSION, 1L);
    sipSession.setAttribute(ATTR_LAST_ANSWER, answer);
    dialogs.put(id, sipSession);
    try {
      ok.send();
    } catch (IOException | RuntimeException e) {
      // e.g. a CANCEL won the race: the SRC will never see this session
      dialogs.remove(id);
      recordings.abandon(session);
      LOG.warn("answer to call-id {} could not be sent ({}); session {} abandoned", req.getCallId(),
          e.getMessage(), id);
      return true;
    }
    setups.setUp();
    recordings.activate(session);
    refreshed(session.id(), timer);
    return true;
  }

  /** RFC 4028: what the SRC asked for (Session-Expires, compact form x), if anything readable. */
  private static Optional<SessionTimer> sessionTimer(SipServletRequest req, List<String> require,
      List<String> supported) {
    String value = req.getHeader("Session-Expires");
    if (value == null) {
      value = req.getHeader("x");
    }
    return SessionTimer.requested(value, SessionTimer.supported(require) || SessionTimer.supported(supported));
  }

  private int minSessionExpires() {
    return settings.intValue(Setting.SIP_MIN_SESSION_EXPIRES);
  }

  /** Our side of RFC 4028 in a 2xx: the interval, and the SRC as the refresher. */
  private static void answerTimer(SipServletResponse ok, Optional<SessionTimer> timer) {
    if (timer.isPresent() && timer.get().inForce()) {
      ok.setHeader("Session-Expires", timer.get().answerHeader());
      ok.addHeader("Require", OptionTags.TIMER);
    }
  }

  /**
   * A re-INVITE or UPDATE: checks its session interval (422 if too small). @return the timer it
   * asks for, empty for none; null when it was answered 422
   */
  private Optional<SessionTimer> inDialogTimer(SipServletRequest req) throws IOException {
    Optional<SessionTimer> timer = sessionTimer(req, OptionTags.parse(req.getHeaders("Require")),
        OptionTags.parse(req.getHeaders("Supported")));
    if (timer.isPresent() && timer.get().tooSmall(minSessionExpires())) {
      reject(req, 422, "Session Interval Too Small", "Min-SE", String.valueOf(minSessionExpires()));
      return null;
    }
    return timer;
  }

  private void refreshed(RecordingSessionId id, Optional<SessionTimer> timer) {
    recordings.refreshed(id, timer.filter(SessionTimer::inForce)
        .map(t -> java.time.Duration.ofMillis(t.expiryMillis())).orElse(null));
  }

  void onReInvite(SipServletRequest req) throws IOException {
    Optional<RecordingSessionId> id = recordingId(req.getSession());
    if (id.isEmpty()) {
      reject(req, 481, "Call/Transaction Does Not Exist");
      return;
    }
    Optional<SessionTimer> timer = inDialogTimer(req);
    if (timer == null) {
      return;
    }
    Optional<String> answer = applyInDialog(req, id.get(), "re-INVITE");
    if (answer.isPresent()) {
      SipServletResponse ok = req.createResponse(200);
      ok.setContent(answer.get().getBytes(StandardCharsets.US_ASCII), SiprecBody.SDP);
      markAsRecorder(ok, false);
      answerTimer(ok, timer);
      ok.send();
      refreshed(id.get(), timer);
    }
  }

  void onUpdate(SipServletRequest req) throws IOException {
    Optional<RecordingSessionId> id = recordingId(req.getSession());
    if (req.isInitial() || id.isEmpty()) {
      reject(req, 481, "Call/Transaction Does Not Exist");
      return;
    }
    Optional<SessionTimer> timer = inDialogTimer(req);
    if (timer == null) {
      return;
    }
    Optional<String> answer = applyInDialog(req, id.get(), "UPDATE");
    if (answer.isEmpty()) {
      return;
    }
    SipServletResponse ok = req.createResponse(200);
    if (!answer.get().isEmpty()) {
      ok.setContent(answer.get().getBytes(StandardCharsets.US_ASCII), SiprecBody.SDP);
    }
    markAsRecorder(ok, false);
    answerTimer(ok, timer);
    ok.send();
    refreshed(id.get(), timer);
  }

  /**
   * Applies what a re-INVITE or UPDATE carries: a new offer (streams added, changed, paused,
   * resumed), then metadata (so it can name the new streams). A re-INVITE without SDP gets our
   * last answer again (then our offer, answered in the ACK); an UPDATE with metadata only (Avaya
   * SBCE) gets a 200 without body. Metadata that cannot be read is never a reason to refuse: the
   * session keeps its last good metadata and the problem is published.
   *
   * @return the SDP to answer with ("" for none), or empty if an error answer was sent
   */
  private Optional<String> applyInDialog(SipServletRequest req, RecordingSessionId id, String method)
      throws IOException {
    Optional<SiprecBody> body = readBody(req);
    if (body.isEmpty()) {
      return Optional.empty();
    }
    Optional<Metadata> metadata = body.get().metadata().map(part -> readMetadata(req, part, method));
    SipSession sipSession = req.getSession();
    String answer;
    if (body.get().sdp().isEmpty()) {
      answer = "UPDATE".equals(method) ? "" : (String) sipSession.getAttribute(ATTR_LAST_ANSWER);
    } else {
      Optional<OfferNegotiation.Outcome> outcome = negotiate(req, body.get().sdp().get());
      if (outcome.isEmpty()) {
        return Optional.empty();
      }
      RecordingSession session;
      try {
        session = recordings.update(id, outcome.get().requests());
      } catch (MediaUnavailableException e) {
        reject(req, 503, "No media resources", "Retry-After", retryAfter());
        return Optional.empty();
      } catch (UnknownSessionException e) {
        reject(req, 481, "Call/Transaction Does Not Exist");
        return Optional.empty();
      }
      long version = (Long) sipSession.getAttribute(ATTR_SDP_VERSION) + 1;
      answer = answer(outcome.get(), session, (Long) sipSession.getAttribute(ATTR_SDP_SESSION), version);
      recordings.negotiated(session, method, forDisplay(body.get().sdp().get()), SdpKeyMasking.mask(answer));
      sipSession.setAttribute(ATTR_SDP_VERSION, version);
      sipSession.setAttribute(ATTR_LAST_ANSWER, answer);
    }
    metadata.ifPresent(m -> apply(id, m));
    return Optional.of(answer);
  }

  // ------------------------------------------------------------------------------ dialog end

  void onBye(SipServletRequest req) throws IOException {
    Optional<RecordingSessionId> id = recordingId(req.getSession());
    if (req.isInitial() || id.isEmpty()) {
      reject(req, 481, "Call/Transaction Does Not Exist");
      return;
    }
    // CPaaS SRCs put the final metadata in the BYE. A body we cannot read never fails the BYE.
    Optional<SiprecBody> body = Optional.empty();
    try {
      body = Optional.of(SiprecBody.read(req.getContentType(), req.getRawContent()));
    } catch (RuntimeException e) {
      LOG.info("session {}: unreadable body in BYE ignored: {}", id.get(), e.getMessage());
    }
    body.flatMap(SiprecBody::metadata).ifPresent(part -> apply(id.get(), readMetadata(req, part, "BYE")));
    dialogs.remove(id.get().value());
    // End first: when the SRC sees our 200, the last chunks are out and the ports are free.
    recordings.end(id.get(), EndReason.SRC_BYE);
    req.createResponse(200).send();
  }

  void onCancel(SipServletRequest cancel) {
    recordingId(cancel.getSession()).ifPresent(id -> {
      dialogs.remove(id.value());
      recordings.end(id, EndReason.SRC_CANCEL);
    });
  }

  /** The SRC never acknowledged our 200 OK (RFC 3261 §13.3.1.4): end the dialog and the session. */
  void onNoAck(SipServletRequest invite) {
    recordingId(invite.getSession()).ifPresent(id -> {
      LOG.warn("session {}: no ACK for our 200 OK; ending it", id);
      hangUp(id);
      recordings.end(id, EndReason.NO_ACK);
    });
  }

  void onResponse(SipServletResponse resp) {
    if ("BYE".equals(resp.getMethod()) && resp.getStatus() >= 200) {
      recordingId(resp.getSession()).ifPresent(id -> {
        CompletableFuture<Void> answered = byeAnswers.remove(id.value());
        if (answered != null) {
          answered.complete(null);
        }
      });
    }
  }

  @Override
  public CompletionStage<Void> hangUp(RecordingSessionId id) {
    SipSession sipSession = dialogs.remove(id.value());
    if (sipSession == null || !sipSession.isValid()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> answered = new CompletableFuture<>();
    byeAnswers.put(id.value(), answered);
    try {
      sipSession.createRequest("BYE").send();
      LOG.info("session {}: BYE sent", id);
    } catch (IOException | RuntimeException e) {
      LOG.warn("session {}: cannot send BYE: {}", id, e.getMessage());
      byeAnswers.remove(id.value());
      answered.complete(null);
    }
    return answered;
  }

  // ------------------------------------------------------------------------------ OPTIONS

  void onOptions(SipServletRequest req) throws IOException {
    List<String> unsupported = OptionTags.unsupported(OptionTags.parse(req.getHeaders("Require")));
    if (!unsupported.isEmpty()) {
      reject(req, 420, "Bad Extension", "Unsupported", String.join(", ", unsupported));
      return;
    }
    // SBC recording-server groups ping with OPTIONS: a full or stopping server says so, and the
    // SBC sends new calls to another member until Retry-After has passed.
    boolean full = recordings.admission().isFull();
    SipServletResponse answer = !recordings.isAccepting() ? req.createResponse(503, "Server shutting down")
        : full ? req.createResponse(503, Admission.Refusal.TOO_MANY_SESSIONS.reason()) : req.createResponse(200);
    if (answer.getStatus() == 503) {
      answer.setHeader("Retry-After", retryAfter());
    }
    answer.setHeader("Allow", ALLOW);
    answer.setHeader("Accept", ACCEPT);
    answer.setHeader("Supported", OptionTags.SIPREC + ", " + OptionTags.TIMER);
    answer.send();
  }

  // ------------------------------------------------------------------------------ helpers

  /**
   * Reads the body; on failure answers 400/413/415 and returns empty. A body over
   * srs.sip.max-body-bytes gets 413 only if its SDP cannot be had within that limit (an SDP body
   * that large, or a multipart body that cannot be split): the rest of a multipart body is
   * metadata, which has its own limit and never costs the call, or parts we ignore.
   */
  private Optional<SiprecBody> readBody(SipServletRequest req) throws IOException {
    byte[] raw = req.getRawContent();
    int limit = settings.intValue(Setting.SIP_MAX_BODY_BYTES);
    boolean overLimit = raw != null && raw.length > limit;
    SiprecBody body;
    try {
      body = SiprecBody.read(req.getContentType(), raw);
    } catch (MalformedBodyException e) {
      reject(req, overLimit ? 413 : 400, overLimit ? tooLarge("Request body", raw.length, limit) : e.getMessage());
      return Optional.empty();
    } catch (UnsupportedBodyException e) {
      reject(req, 415, "Unsupported body type " + e.mediaType(), "Accept", ACCEPT);
      return Optional.empty();
    }
    int sdpSize = body.sdp().map(sdp -> sdp.length).orElse(0);
    if (overLimit && sdpSize > limit) {
      reject(req, 413, tooLarge(sdpSize == raw.length ? "Request body" : "SDP part", sdpSize, limit));
      return Optional.empty();
    }
    return Optional.of(body);
  }

  private static String tooLarge(String what, int size, int limit) {
    return what + " of " + size + " bytes exceeds the limit of " + limit;
  }

  /**
   * Reads metadata, never failing: a document we cannot or will not read (unreadable, hostile,
   * oversize) is kept, counted and logged, and the request goes on without it.
   */
  private Metadata readMetadata(SipServletRequest req, SiprecBody.Metadata part, String receivedIn) {
    byte[] content = part.content();
    try {
      RecordingMetadata read = metadataReader.read(content);
      setups.metadataRepaired(read.repairs());
      return new Metadata(raw(part, receivedIn), Optional.of(read), Optional.empty());
    } catch (MetadataException e) {
      Instant at = clock.instant();
      MetadataProblem problem = new MetadataProblem(e.kind(), e.getMessage(), e.repairsTried(), receivedIn, at,
          content.length);
      long n = setups.metadataProblem(e.kind());
      if (Long.bitCount(n) == 1) { // 1, 2, 4, 8, ... of each kind: visible without flooding the log
        LOG.warn("metadata in {} {} from {} not read ({}: {}); recorded without it; {} {} so far", receivedIn,
            req.getCallId(), req.getRemoteAddr(), e.kind().wireName(), e.getMessage(), n, e.kind().wireName());
      } else {
        LOG.debug("metadata in {} {} not read: {}", receivedIn, req.getCallId(), e.getMessage());
      }
      byte[] kept = Arrays.copyOf(content, problem.keptBytes());
      return new Metadata(new RawMetadata(part.contentType(), kept, at, receivedIn), Optional.empty(),
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

  /** Parses and negotiates an offer; on failure answers 400/488 and returns empty. */
  private Optional<OfferNegotiation.Outcome> negotiate(SipServletRequest req, byte[] sdp) throws IOException {
    OfferNegotiation.Outcome outcome;
    try {
      outcome = negotiation.negotiate(SdpParser.parse(sdp));
    } catch (SdpException e) {
      reject(req, 400, e.getMessage());
      return Optional.empty();
    }
    if (!outcome.anyAccepted()) {
      reject(req, 488, "Not Acceptable Here", "Warning", warning(outcome.refusalWarning(), outcome.refusalText()));
      return Optional.empty();
    }
    return Optional.of(outcome);
  }

  private String answer(OfferNegotiation.Outcome outcome, RecordingSession session, long sdpSession, long version) {
    List<Integer> ports = outcome.lines().stream()
        .map(l -> session.stream(l.request().mediaIndex()).map(RecordedStream::localPort).orElse(0))
        .toList();
    return SdpAnswer.write(outcome, ports, media.advertisedAddress(), sdpSession, version);
  }

  private SrcVendors.Clues clues(SipServletRequest req, String userAgent, SessionDescription offer,
      Optional<Metadata> metadata) {
    String boundary = "";
    try {
      String b = ContentType.parse(req.getContentType()).parameter("boundary");
      boundary = b == null ? "" : b;
    } catch (RuntimeException e) {
      // no or odd Content-Type: no clue from it
    }
    return new SrcVendors.Clues(userAgent, offer.origin() == null ? "" : offer.origin().username(), boundary,
        Optional.ofNullable(req.getHeader("Contact")).orElse(""),
        metadata.map(m -> m.raw().text()).orElse(""), list(req.getHeaderNames()));
  }

  /** RFC 7866 §6.1.2: the SRS marks its Contact with +sip.srs; Require: siprec if the SRC asked for it. */
  private static void markAsRecorder(SipServletResponse resp, boolean requireSiprec) {
    try {
      Address contact = resp.getAddressHeader("Contact");
      if (contact != null) {
        contact.setParameter("+sip.srs", "");
      }
    } catch (Exception e) {
      LOG.debug("cannot add +sip.srs to Contact: {}", e.getMessage());
    }
    if (requireSiprec) {
      resp.setHeader("Require", OptionTags.SIPREC);
    }
    resp.setHeader("Supported", OptionTags.SIPREC + ", " + OptionTags.TIMER);
    resp.setHeader("Allow", ALLOW);
  }

  private RawMetadata raw(SiprecBody.Metadata m, String receivedIn) {
    return new RawMetadata(m.contentType(), m.content(), clock.instant(), receivedIn);
  }

  private static Optional<RecordingSessionId> recordingId(SipSession sipSession) {
    Object id = sipSession == null ? null : sipSession.getAttribute(ATTR_ID);
    return id instanceof String ? Optional.of(new RecordingSessionId((String) id)) : Optional.empty();
  }

  private String warnAgent() {
    return settings.getOr(Setting.SIP_PUBLIC_ADDRESS, Setting.SIP_ADDRESS);
  }

  /** A Warning value (RFC 3261 §20.43): code, agent, quoted text without quotes or controls in it. */
  private String warning(int code, String text) {
    String safe = text.replaceAll("[^\\x20-\\x7e]", "?").replace('"', '\'').replace('\\', '/');
    if (safe.length() > 300) {
      safe = safe.substring(0, 297) + "...";
    }
    return code + " " + warnAgent() + " \"" + safe + "\"";
  }

  /** The 200 to an offer that records some lines says why the others are not (port 0 in the answer). */
  private void warnOfRefusedLines(SipServletResponse ok, OfferNegotiation.Outcome outcome) {
    for (OfferNegotiation.LineWarning w : outcome.lineWarnings()) {
      ok.addHeader("Warning", warning(w.code(), w.text()));
    }
  }

  private static List<String> list(Iterator<String> values) {
    List<String> out = new ArrayList<>();
    while (values != null && values.hasNext()) {
      out.add(values.next());
    }
    return out;
  }

  private void reject(SipServletRequest req, int status, String reason, String... headers) throws IOException {
    SipServletResponse resp = req.createResponse(status, reasonPhrase(reason));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      resp.addHeader(headers[i], headers[i + 1]);
    }
    resp.send();
    LOG.info("{} {} answered {} {}", req.getMethod(), req.getCallId(), status, resp.getReasonPhrase());
    if ("INVITE".equals(req.getMethod()) && req.isInitial()) {
      String warning = resp.getHeader("Warning"); // a 488 says there which line was refused and why
      setups.rejected(status, warning == null ? resp.getReasonPhrase() : resp.getReasonPhrase() + ": " + warning,
          req.getCallId(), srcAddress(req));
    }
  }

  /** An offer as operators see it: text, with any key material masked. */
  private static String forDisplay(byte[] sdp) {
    return SdpKeyMasking.mask(new String(sdp, StandardCharsets.UTF_8));
  }

  private static String srcAddress(SipServletRequest req) {
    return req.getRemoteAddr() + ":" + req.getRemotePort() + "/" + req.getTransport();
  }

  /** A reason phrase is one line of printable text (RFC 3261 §25.1). */
  static String reasonPhrase(String reason) {
    String oneLine = reason.replaceAll("[^\\x20-\\x7e]", "?").strip();
    return oneLine.length() <= MAX_REASON_LENGTH ? oneLine : oneLine.substring(0, MAX_REASON_LENGTH - 3) + "...";
  }

  /** For tests and shutdown: the dialogs we could still hang up. */
  int liveDialogs() {
    return dialogs.size();
  }
}
