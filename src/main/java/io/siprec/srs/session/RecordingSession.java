package io.siprec.srs.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One recording session: the SIPREC dialog's streams and metadata. Mutated by signalling threads
 * (one request at a time per dialog, but shutdown and housekeeping may interleave), so every
 * method synchronizes; media flows in the endpoints, never through here.
 */
public final class RecordingSession {
  private final RecordingSessionId id;
  private final RecordingRequest request;
  private final Instant startedAt;
  private final TreeMap<Integer, RecordedStream> streams = new TreeMap<>();
  private RawMetadata metadata;
  private Instant endedAt;

  RecordingSession(RecordingSessionId id, RecordingRequest request, Instant startedAt) {
    this.id = id;
    this.request = request;
    this.startedAt = startedAt;
    this.metadata = request.metadata().orElse(null);
  }

  public RecordingSessionId id() {
    return id;
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

  /** The local port of each stream in m= line order; 0 for rejected lines. */
  public synchronized List<RecordedStream> streams() {
    return List.copyOf(streams.values());
  }

  public synchronized Optional<RecordedStream> stream(int mediaIndex) {
    return Optional.ofNullable(streams.get(mediaIndex));
  }

  synchronized void put(RecordedStream stream) {
    streams.put(stream.request().mediaIndex(), stream);
  }

  synchronized void replaceMetadata(RawMetadata newMetadata) {
    this.metadata = newMetadata;
  }

  /** Marks the session ended and closes every endpoint; returns the final snapshot. */
  synchronized SessionSnapshot end(Instant at) {
    if (endedAt == null) {
      endedAt = at;
      for (RecordedStream s : streams.values()) {
        s.close();
      }
    }
    return snapshot();
  }

  /** Closes endpoints of a session that never came up; publishes nothing. */
  synchronized void abandon() {
    for (RecordedStream s : streams.values()) {
      s.close();
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
        request.siprec(),
        startedAt,
        endedAt,
        views,
        metadata == null ? null : metadata.contentType(),
        metadata == null ? null : metadata.text());
  }
}
