package io.siprec.srs.session;

import io.siprec.srs.session.metadata.CommunicationSession;
import io.siprec.srs.session.metadata.MetadataChange;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataSnapshot;
import io.siprec.srs.session.metadata.MetadataStream;
import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One recording session: the SIPREC dialog's streams and what the SRC told us about the call.
 * Mutated by signalling threads (one request at a time per dialog, but shutdown and housekeeping
 * may interleave), so every method synchronizes; media flows in the endpoints, never through here.
 */
public final class RecordingSession {
  static final int MAX_SDP_EXCHANGES = 10;

  private final RecordingSessionId id;
  private final RecordingRequest request;
  private final Instant startedAt;
  private final TreeMap<Integer, RecordedStream> streams = new TreeMap<>();
  private final List<MetadataSnapshot> history = new ArrayList<>();

  /**
   * The first exchange and the latest ones: a dialog re-INVITEd all day must not grow without
   * bound.
   */
  private final List<SdpExchange> sdpExchanges = new ArrayList<>();

  /** Streams removed in the dialog, by label: where they stopped, for one added back. */
  private final Map<StreamLabel, Removed> removed = new HashMap<>();

  private record Removed(TimelineStart end, int sampleRate, Instant at) {}

  private RawMetadata rawMetadata;
  private RecordingMetadata metadata;
  private MetadataProblem metadataProblem; // of the last document, null when it was read
  private List<String> warnings = List.of();
  private Instant endedAt;
  private Admission.Ticket admission; // the place this session holds; given back when it ends
  private volatile long lastSignallingNanos = System.nanoTime();
  private volatile long timerExpiresNanos; // 0: no RFC 4028 session timer

  /** The communication sessions recorded, in the order they were associated. */
  private final List<RecordedCommunication> communications = new ArrayList<>();

  private SessionGroups groups; // set once the session is live
  private String groupId = "";

  RecordingSession(RecordingSessionId id, RecordingRequest request, Instant startedAt) {
    this.id = id;
    this.request = request;
    this.startedAt = startedAt;
    this.rawMetadata = request.rawMetadata().orElse(null);
    this.metadataProblem = request.metadataProblem().orElse(null);
    request
        .metadata()
        .ifPresent(
            m -> {
              metadata = m;
              history.add(
                  new MetadataSnapshot(
                      startedAt,
                      request.rawMetadata().map(RawMetadata::receivedIn).orElse("SIP headers"),
                      m.partial(),
                      m));
              for (CommunicationSession cs : m.sessions()) {
                if (!cs.id().isEmpty() && !cs.isOver()) {
                  communications.add(
                      new RecordedCommunication(cs.id(), cs.sipSessionIds(), startedAt, null));
                }
              }
            });
  }

  public RecordingSessionId id() {
    return id;
  }

  /** The SRC product detected ("Oracle SBC", "AudioCodes", ... "unknown"). */
  public String srcVendor() {
    return request.srcVendor();
  }

  /** Where the INVITE came from, "host:port/transport". */
  public String srcAddress() {
    return request.srcAddress();
  }

  public String callId() {
    return request.callId();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public synchronized boolean isEnded() {
    return endedAt != null;
  }

  /** The streams in m= line order, rejected lines included. */
  public synchronized List<RecordedStream> streams() {
    return List.copyOf(streams.values());
  }

  public synchronized Optional<RecordedStream> stream(int mediaIndex) {
    return Optional.ofNullable(streams.get(mediaIndex));
  }

  synchronized void put(RecordedStream stream) {
    streams.put(stream.request().mediaIndex(), stream);
  }

  /** A stream was removed (closed): remembers where its label's chunks and timeline stopped. */
  synchronized void removed(RecordedStream stream, Instant at) {
    if (stream.endpoint() != null) {
      removed.put(
          stream.label(),
          new Removed(stream.endpoint().end(), stream.endpoint().timelineRate(), at));
    }
  }

  /**
   * Where a stream added under {@code label} at {@code now} starts: 0 for a label never removed,
   * else where it stopped moved on by the time it was away, so its JMS group never restarts at 0
   * and the time away shows as a jump in position.
   */
  synchronized TimelineStart continuationOf(StreamLabel label, Instant now) {
    Removed r = removed.get(label);
    if (r == null) {
      return TimelineStart.ZERO;
    }
    return TimelineStart.after(r.end(), Duration.between(r.at(), now).toMillis(), r.sampleRate());
  }

  synchronized void addSdpExchange(SdpExchange exchange) {
    if (sdpExchanges.size() == MAX_SDP_EXCHANGES) {
      sdpExchanges.remove(1); // keep the initial INVITE's
    }
    sdpExchanges.add(exchange);
  }

  /**
   * Applies a metadata update (merging a partial one) and works out again who is heard on each
   * stream. @return what changed
   */
  synchronized MetadataChange applyMetadata(RecordingMetadata update, RawMetadata raw, Instant at) {
    Map<String, StreamAttribution> before = attributions();
    RecordingMetadata previous = metadata;
    metadata = previous == null ? update : previous.merge(update);
    if (raw != null) {
      rawMetadata = raw;
      metadataProblem = null; // a document was read: the last one's problem is over
    }
    history.add(
        new MetadataSnapshot(
            at, raw == null ? "SIP headers" : raw.receivedIn(), update.partial(), metadata));
    attribute();
    followGroup();

    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> oldIds =
        previous == null
            ? List.of()
            : previous.participants().stream().map(Participant::id).toList();
    List<String> newIds = metadata.participants().stream().map(Participant::id).toList();
    newIds.stream().filter(p -> !oldIds.contains(p)).forEach(added::add);
    oldIds.stream().filter(p -> !newIds.contains(p)).forEach(removed::add);
    Map<String, String> reattributed = new LinkedHashMap<>();
    attributions()
        .forEach(
            (label, now) -> {
              StreamAttribution was = before.get(label);
              if (was == null || !was.participantIds().equals(now.participantIds())) {
                reattributed.put(label, now.participantIds());
              }
            });
    return new MetadataChange(added, removed, reattributed);
  }

  /**
   * Follows the communication sessions of the metadata now in force (after {@link #applyMetadata}):
   * one it names for the first time (or again, after it ended) that is not over has started; one
   * recorded until now that it says is over ({@code disassociate-time}, {@code stop-time}; RFC 7865
   * §6.3, §6.7), or that a complete document naming other sessions leaves out, has ended.
   *
   * @param complete the update was a complete snapshot
   * @return the sessions that started and ended, in that order
   */
  synchronized List<SessionEvent> followCommunications(
      boolean complete, String receivedIn, Instant at) {
    List<SessionEvent> changes = new ArrayList<>();
    if (metadata == null) {
      return changes;
    }
    List<String> named = new ArrayList<>();
    for (CommunicationSession cs : metadata.sessions()) {
      if (cs.id().isEmpty()) {
        continue;
      }
      named.add(cs.id());
      int ongoing = ongoingCommunication(cs.id());
      if (ongoing < 0 && !cs.isOver()) {
        RecordedCommunication started =
            new RecordedCommunication(cs.id(), cs.sipSessionIds(), at, null);
        communications.add(started);
        changes.add(new SessionEvent.CommunicationStarted(id, at, receivedIn, started));
      } else if (ongoing >= 0 && cs.isOver()) {
        changes.add(endCommunication(ongoing, receivedIn, at));
      }
    }
    if (complete && !named.isEmpty()) {
      for (int i = 0; i < communications.size(); i++) {
        RecordedCommunication c = communications.get(i);
        if (c.isOngoing() && !named.contains(c.id())) {
          changes.add(endCommunication(i, receivedIn, at));
        }
      }
    }
    // Ends first: a persistent session's consumer closes one call before it opens the next.
    changes.sort(
        (a, b) ->
            Boolean.compare(
                a instanceof SessionEvent.CommunicationStarted,
                b instanceof SessionEvent.CommunicationStarted));
    return changes;
  }

  private int ongoingCommunication(String csId) {
    for (int i = communications.size() - 1; i >= 0; i--) {
      if (communications.get(i).id().equals(csId) && communications.get(i).isOngoing()) {
        return i;
      }
    }
    return -1;
  }

  private SessionEvent endCommunication(int index, String receivedIn, Instant at) {
    RecordedCommunication ended = communications.get(index).endedAt(at);
    communications.set(index, ended);
    return new SessionEvent.CommunicationEnded(id, at, receivedIn, ended);
  }

  /**
   * The session is live: it joins its metadata group (and joins again whenever the metadata names
   * another), so that a later session of the group names it and it names the earlier ones.
   */
  synchronized void joinGroups(SessionGroups sessionGroups) {
    this.groups = sessionGroups;
    followGroup();
  }

  private void followGroup() {
    String now = metadata == null ? "" : metadata.groupId();
    if (groups == null || now.isEmpty() || now.equals(groupId)) {
      return;
    }
    groupId = now;
    groups.join(now, new LinkedSession(id, request.callId(), startedAt, null));
  }

  /**
   * A metadata document that was not read: the metadata stays as it was (the last good one), the
   * document is kept as received ({@code raw}) and the problem is shown until a document is read.
   */
  synchronized void metadataUnread(MetadataProblem problem, RawMetadata raw) {
    metadataProblem = problem;
    rawMetadata = raw;
  }

  /** Ties the streams to the metadata's participants and tells each endpoint. */
  synchronized void attribute() {
    if (metadata == null) {
      return;
    }
    List<String> labels = new ArrayList<>();
    for (RecordedStream s : streams.values()) {
      labels.add(s.label().value());
    }
    Map<String, StreamAttribution> attributions = metadata.attribute(labels);
    for (RecordedStream s : streams.values()) {
      s.attribute(attributions.getOrDefault(s.label().value(), StreamAttribution.UNKNOWN));
    }
    List<String> found = new ArrayList<>(metadata.warnings());
    for (MetadataStream ms : metadata.streams()) {
      if (!ms.label().isEmpty() && !labels.contains(ms.label())) {
        found.add(
            "metadata stream " + ms.id() + " (label " + ms.label() + ") has no m= line in the SDP");
      }
    }
    warnings = found;
  }

  private Map<String, StreamAttribution> attributions() {
    Map<String, StreamAttribution> out = new LinkedHashMap<>();
    for (RecordedStream s : streams.values()) {
      out.put(s.label().value(), s.attribution());
    }
    return out;
  }

  /** Marks the session ended and closes every endpoint; returns the final snapshot. */
  synchronized SessionSnapshot end(Instant at) {
    if (endedAt == null) {
      endedAt = at;
      for (RecordedStream s : streams.values()) {
        s.close();
      }
      releaseAdmission();
      if (groups != null && !groupId.isEmpty()) {
        groups.ended(groupId, id, at);
      }
    }
    return snapshot();
  }

  /** Closes endpoints of a session that never came up; publishes nothing. */
  synchronized void abandon() {
    for (RecordedStream s : streams.values()) {
      s.close();
    }
    releaseAdmission();
  }

  /** A request arrived in the dialog: the SRC is alive. */
  public void signalled(long nowNanos) {
    lastSignallingNanos = nowNanos;
  }

  /**
   * An RFC 4028 refresh (or the first request): the session ends unless the next one comes within
   * {@code expiry}; null turns the timer off (a refresh without Session-Expires does).
   */
  public void sessionTimer(Duration expiry, long nowNanos) {
    timerExpiresNanos = expiry == null ? 0 : nowNanos + expiry.toNanos();
    lastSignallingNanos = nowNanos;
  }

  long lastSignallingNanos() {
    return lastSignallingNanos;
  }

  /** True when a session timer is in force and has run out. */
  boolean timerExpired(long nowNanos) {
    long expires = timerExpiresNanos;
    return expires != 0 && nowNanos - expires > 0;
  }

  /**
   * How long no RTP arrived on any stream that is recording; null when every stream is paused or
   * rejected (silence is then expected).
   */
  synchronized Duration mediaQuietFor() {
    Duration least = null;
    for (RecordedStream s : streams.values()) {
      if (!s.isRejected() && !s.isPaused()) {
        Duration q = s.endpoint().quietFor();
        least = least == null || q.compareTo(least) < 0 ? q : least;
      }
    }
    return least;
  }

  synchronized void holdAdmission(Admission.Ticket ticket) {
    this.admission = ticket;
  }

  private void releaseAdmission() {
    if (admission != null) {
      admission.release();
    }
  }

  public synchronized Duration duration(Instant now) {
    return Duration.between(startedAt, endedAt == null ? now : endedAt);
  }

  public synchronized SessionSnapshot snapshot() {
    List<SessionSnapshot.StreamSnapshot> views = new ArrayList<>(streams.size());
    for (RecordedStream s : streams.values()) {
      views.add(s.snapshot());
    }
    return new SessionSnapshot(
        id,
        request.callId(),
        request.srcAddress(),
        request.userAgent(),
        request.srcVendor(),
        request.siprec(),
        startedAt,
        endedAt,
        views,
        metadata,
        history,
        request.sipCallIdentifiers(),
        warnings,
        rawMetadata,
        sdpExchanges,
        metadataProblem,
        communications,
        groups == null ? List.of() : groups.others(groupId, id));
  }
}
