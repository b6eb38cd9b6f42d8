package io.siprec.srs.session;

import io.siprec.srs.session.metadata.MetadataChange;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.session.metadata.StreamAttribution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording use cases: start a session from an offer, change it, end it, and end them all on
 * shutdown. Signalling adapters call these; the service never sees SIP.
 *
 * <p>Starting is two steps so that nothing is half-created: {@link #prepare} opens the media and
 * returns a session that exists nowhere else yet; the adapter answers the SRC and then {@link
 * #activate activates} it, or {@link #abandon abandons} it if the answer could not be sent.
 */
@ApplicationScoped
public class RecordingService {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingService.class);

  private SessionRegistry registry;
  private MediaGateway media;
  private SessionEvents events;
  private Clock clock;
  private Admission admission;
  private volatile boolean accepting = true;
  private final AnswersInFlight answering = new AnswersInFlight();

  /** Sessions by metadata group, so that a transfer's new session names the one before it. */
  private final SessionGroups groups = new SessionGroups();

  protected RecordingService() {
    // for CDI proxies
  }

  @Inject
  public RecordingService(
      SessionRegistry registry,
      MediaGateway media,
      SessionEvents events,
      Clock clock,
      Admission admission) {
    this.registry = registry;
    this.media = media;
    this.events = events;
    this.clock = clock;
    this.admission = admission;
  }

  /** Without session limits: for tests and tools. */
  public RecordingService(
      SessionRegistry registry, MediaGateway media, SessionEvents events, Clock clock) {
    this(registry, media, events, clock, Admission.unlimited());
  }

  /**
   * Takes a place for a new session before anything else is done with its INVITE; hand the ticket
   * to {@link #prepare}, or release it if the request fails before that.
   */
  public Admission.Ticket admit() {
    return admission.tryAdmit();
  }

  public Admission admission() {
    return admission;
  }

  /** False once the server started to shut down: new sessions are refused. */
  public boolean isAccepting() {
    return accepting;
  }

  /**
   * Opens a receiving endpoint for every accepted stream of the offer.
   *
   * @throws MediaUnavailableException nothing stays open when this is thrown
   * @throws ServerShuttingDownException the drain has begun: refuse the SRC
   */
  public RecordingSession prepare(RecordingRequest request) throws MediaUnavailableException {
    return prepare(request, null);
  }

  /**
   * As {@link #prepare(RecordingRequest)}, the session holding {@code ticket} (from {@link #admit})
   * until it ends or is abandoned; also when this throws.
   */
  public RecordingSession prepare(RecordingRequest request, Admission.Ticket ticket)
      throws MediaUnavailableException {
    if (!answering.begin()) {
      throw new ServerShuttingDownException();
    }
    RecordingSession session =
        new RecordingSession(RecordingSessionId.random(), request, clock.instant());
    session.holdAdmission(ticket);
    try {
      for (StreamRequest stream : request.streams()) {
        session.put(openStream(session.id(), stream));
      }
    } catch (MediaUnavailableException | RuntimeException e) {
      session.abandon();
      answering.end();
      throw e;
    }
    session.attribute();
    return session;
  }

  /**
   * Keeps an offer and the answer we made to it, as text for operators. Called before {@link
   * #activate} for the INVITE, so that the started session already shows its dialog.
   */
  public void negotiated(RecordingSession session, String receivedIn, String offer, String answer) {
    session.addSdpExchange(new SdpExchange(clock.instant(), receivedIn, offer, answer));
  }

  /** The SRC has our answer: the session is live. */
  public void activate(RecordingSession session) {
    try {
      session.joinGroups(groups);
      registry.add(session);
      LOG.info(
          "session {} started: call-id {}, from {}, {} stream(s)",
          session.id(),
          session.callId(),
          session.snapshot().srcAddress(),
          session.streams().size());
      events.publish(
          new SessionEvent.SessionStarted(session.id(), clock.instant(), session.snapshot()));
    } finally {
      // Only now: a drain waiting for this answer ends a session that has been reported started.
      answering.end();
    }
  }

  /** The answer never reached the SRC: release everything, publish nothing. */
  public void abandon(RecordingSession session) {
    session.abandon();
    answering.end();
  }

  /**
   * Applies a new offer in the dialog (re-INVITE or UPDATE): streams are added, changed, paused,
   * resumed or removed per m= line. All or nothing: every new endpoint is opened first, and only
   * when all are open is anything changed; on failure the session is left exactly as it was (the
   * SRC gets an error answer and its previous offer stays in force, RFC 3261 §14.1).
   *
   * <p>A stream removed (port 0, RFC 3264 §8.2) ends cleanly: its last chunk is published, "stream
   * removed" is reported, its label remembered. A stream added (a new m= line, or a line refused
   * before) starts recording at once and is reported; one added back under a label it had goes on
   * with that label's chunk numbers and timeline.
   */
  public RecordingSession update(RecordingSessionId id, List<StreamRequest> requests)
      throws MediaUnavailableException {
    RecordingSession session = registry.find(id).orElseThrow(() -> new UnknownSessionException(id));
    Instant now = clock.instant();
    List<SessionEvent> changes = new ArrayList<>();
    synchronized (session) {
      // 1. Open what the offer adds; nothing of the session is touched yet.
      Map<Integer, RecordedStream> opened = new LinkedHashMap<>();
      try {
        for (StreamRequest request : requests) {
          Optional<RecordedStream> existing = session.stream(request.mediaIndex());
          if (replaces(existing, request)) {
            TimelineStart start =
                request.rejected()
                    ? TimelineStart.ZERO
                    : session.continuationOf(request.label(), now);
            opened.put(request.mediaIndex(), openStream(id, request, start));
          }
        }
      } catch (MediaUnavailableException | RuntimeException e) {
        opened.values().forEach(RecordedStream::close);
        throw e;
      }
      // 2. Apply it all.
      for (StreamRequest request : requests) {
        RecordedStream replacement = opened.get(request.mediaIndex());
        Optional<RecordedStream> existing = session.stream(request.mediaIndex());
        if (replacement != null) {
          if (existing.isPresent() && !existing.get().isRejected()) {
            RecordedStream gone = existing.get();
            gone.close();
            session.removed(gone, now);
            changes.add(new SessionEvent.StreamRemoved(id, now, gone.snapshot()));
          }
          session.put(replacement);
          if (!replacement.isRejected()) {
            changes.add(
                new SessionEvent.StreamAdded(id, now, replacement.snapshot(), replacement.start()));
          }
          continue;
        }
        RecordedStream stream = existing.orElseThrow();
        stream.update(request);
        if (request.paused()) {
          if (stream.pause(PauseCause.SDP, now)) {
            changes.add(new SessionEvent.StreamPaused(id, now, stream.label(), PauseCause.SDP));
          }
        } else {
          Duration pausedFor = stream.resume(PauseCause.SDP, now);
          if (pausedFor != null) {
            changes.add(
                new SessionEvent.StreamResumed(id, now, stream.label(), pausedFor, PauseCause.SDP));
          }
        }
      }
      if (!opened.isEmpty()) {
        session.attribute(); // new m= lines: tie them to the metadata's streams
        // The added streams' events name who is heard on them, now that it is known.
        List<SessionEvent> attributed = new ArrayList<>(changes.size());
        for (SessionEvent e : changes) {
          if (e instanceof SessionEvent.StreamAdded added) {
            RecordedStream s = session.stream(added.stream().mediaIndex()).orElseThrow();
            attributed.add(new SessionEvent.StreamAdded(id, now, s.snapshot(), added.start()));
          } else {
            attributed.add(e);
          }
        }
        changes = attributed;
      }
    }
    changes.forEach(events::publish);
    return session;
  }

  /**
   * Whether an offered line takes a new stream in place of the session's: a new m= line, a line
   * that changes between refused and recorded, or a recorded line reused for another label.
   */
  private static boolean replaces(Optional<RecordedStream> existing, StreamRequest request) {
    if (existing.isEmpty()) {
      return true;
    }
    RecordedStream s = existing.get();
    if (s.isRejected() != request.rejected()) {
      return true;
    }
    return !request.rejected() && !s.label().equals(request.label());
  }

  /** The SRC refreshed the dialog; {@code expiry} null: no session timer (RFC 4028) from now on. */
  public void refreshed(RecordingSessionId id, Duration expiry) {
    registry.find(id).ifPresent(s -> s.sessionTimer(expiry, System.nanoTime()));
  }

  /**
   * Applies metadata that arrived in the dialog (re-INVITE, UPDATE, BYE): a complete document
   * replaces what we had, a partial one is merged into it. Publishes "metadata updated" with the
   * new snapshot and what changed.
   */
  public void updateMetadata(RecordingSessionId id, RecordingMetadata update, RawMetadata raw) {
    Optional<RecordingSession> found = registry.find(id);
    if (found.isEmpty()) {
      return;
    }
    RecordingSession session = found.get();
    Instant now = clock.instant();
    List<SessionEvent> holds = new ArrayList<>();
    List<SessionEvent> communications;
    MetadataChange change;
    synchronized (session) {
      Map<StreamLabel, Boolean> hadSender = new HashMap<>();
      session
          .streams()
          .forEach(s -> hadSender.put(s.label(), !s.attribution().senders().isEmpty()));
      change = session.applyMetadata(update, raw, now);
      for (RecordedStream stream : session.streams()) {
        holds.addAll(followHold(id, stream, hadSender.getOrDefault(stream.label(), false), now));
      }
      communications =
          session.followCommunications(
              !update.partial(), raw == null ? "SIP headers" : raw.receivedIn(), now);
    }
    events.publish(
        new SessionEvent.MetadataUpdated(
            id,
            now,
            raw == null ? "SIP headers" : raw.receivedIn(),
            update.partial(),
            change,
            session.snapshot()));
    holds.forEach(events::publish);
    communications.forEach(events::publish);
  }

  /**
   * Metadata that arrived in the dialog and was not read: kept as received, the session's metadata
   * unchanged. Publishes "metadata problem".
   */
  public void metadataUnread(RecordingSessionId id, MetadataProblem problem, RawMetadata raw) {
    Optional<RecordingSession> found = registry.find(id);
    if (found.isEmpty()) {
      return;
    }
    RecordingSession session = found.get();
    session.metadataUnread(problem, raw);
    events.publish(
        new SessionEvent.MetadataProblemFound(id, clock.instant(), problem, session.snapshot()));
  }

  /**
   * Hold told by metadata: a stream that had a sender and now has none is paused; it resumes when
   * someone sends on it again. A stream nobody was ever said to send on is left recording, so a
   * sparse first snapshot never silences a call.
   */
  private static List<SessionEvent> followHold(
      RecordingSessionId id, RecordedStream stream, boolean hadSender, Instant now) {
    StreamAttribution who = stream.attribution();
    boolean heldNow = who.senders().isEmpty() && !who.streamId().isEmpty();
    if (heldNow && hadSender && stream.pause(PauseCause.METADATA_HOLD, now)) {
      return List.of(
          new SessionEvent.StreamPaused(id, now, stream.label(), PauseCause.METADATA_HOLD));
    }
    if (!heldNow && stream.isPausedBy(PauseCause.METADATA_HOLD)) {
      Duration pausedFor = stream.resume(PauseCause.METADATA_HOLD, now);
      if (pausedFor != null) {
        return List.of(
            new SessionEvent.StreamResumed(
                id, now, stream.label(), pausedFor, PauseCause.METADATA_HOLD));
      }
    }
    return List.of();
  }

  /**
   * Ends the session: closes its streams (publishing their last chunks) and then publishes the
   * "session ended" event. Ending an unknown or already ended session does nothing.
   */
  public Optional<SessionSnapshot> end(RecordingSessionId id, EndReason reason) {
    Optional<RecordingSession> removed = registry.remove(id, reason);
    if (removed.isEmpty()) {
      return Optional.empty();
    }
    RecordingSession session = removed.get();
    Instant now = clock.instant();
    SessionSnapshot last = session.end(now);
    Duration duration = session.duration(now);
    LOG.info("session {} ended ({}) after {} ms", id, reason, duration.toMillis());
    events.publish(new SessionEvent.SessionEnded(id, now, reason, duration, last));
    return Optional.of(last);
  }

  /**
   * Shutdown: refuses new sessions, sends BYE in every live dialog, ends every session and waits up
   * to {@code grace} for the SRCs to answer the BYEs.
   *
   * @return the number of sessions ended
   */
  public int drain(SignallingControl signalling, Duration grace) {
    accepting = false;
    try {
      int pending = answering.closeAndAwait(grace);
      if (pending > 0) {
        LOG.warn(
            "{} answer(s) still on their way after {} ms; draining without them",
            pending,
            grace.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<CompletableFuture<Void>> answered = new ArrayList<>();
    int ended = 0;
    for (RecordingSession session : registry.active()) {
      answered.add(signalling.hangUp(session.id()).toCompletableFuture());
      if (end(session.id(), EndReason.SERVER_SHUTDOWN).isPresent()) {
        ended++;
      }
    }
    try {
      CompletableFuture.allOf(answered.toArray(new CompletableFuture<?>[0]))
          .get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warn("not every SRC answered our BYE within {} ms", grace.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      LOG.warn("hanging up failed", e.getCause());
    }
    return ended;
  }

  private RecordedStream openStream(RecordingSessionId id, StreamRequest request)
      throws MediaUnavailableException {
    return openStream(id, request, TimelineStart.ZERO);
  }

  private RecordedStream openStream(
      RecordingSessionId id, StreamRequest request, TimelineStart start)
      throws MediaUnavailableException {
    Instant now = clock.instant();
    if (request.rejected()) {
      return new RecordedStream(request, null, now);
    }
    MediaEndpoint endpoint = media.open(new MediaGateway.StreamSpec(id, request, start));
    if (request.paused()) {
      endpoint.pause();
    }
    return new RecordedStream(request, endpoint, now, start);
  }
}
