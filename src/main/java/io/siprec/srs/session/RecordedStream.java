package io.siprec.srs.session;

import io.siprec.srs.session.metadata.StreamAttribution;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;

/**
 * One m= line of a recording session and, unless it was rejected, its receiving endpoint. Guarded
 * by the owning {@link RecordingSession}'s lock.
 */
public final class RecordedStream {
  private StreamRequest request;
  private final MediaEndpoint endpoint;
  private final EnumSet<PauseCause> pausedBy = EnumSet.noneOf(PauseCause.class);
  private Instant pausedSince;
  private StreamStatistics finalStatistics;
  private StreamAttribution attribution = StreamAttribution.UNKNOWN;

  private final TimelineStart start;

  RecordedStream(StreamRequest request, MediaEndpoint endpoint, Instant now) {
    this(request, endpoint, now, TimelineStart.ZERO);
  }

  RecordedStream(StreamRequest request, MediaEndpoint endpoint, Instant now, TimelineStart start) {
    this.request = request;
    this.endpoint = endpoint;
    this.start = start;
    if (request.paused()) {
      pausedBy.add(PauseCause.SDP);
      pausedSince = now;
    }
  }

  public StreamRequest request() {
    return request;
  }

  public StreamLabel label() {
    return request.label();
  }

  /** The port we receive on; 0 when the line was rejected. */
  public int localPort() {
    return endpoint == null ? 0 : endpoint.localPort();
  }

  /** Where its chunks started: 0, or where an earlier stream of its label stopped. */
  public TimelineStart start() {
    return start;
  }

  public boolean isRejected() {
    return endpoint == null;
  }

  public boolean isPaused() {
    return !pausedBy.isEmpty();
  }

  MediaEndpoint endpoint() {
    return endpoint;
  }

  public StreamAttribution attribution() {
    return attribution;
  }

  void attribute(StreamAttribution newAttribution) {
    this.attribution = newAttribution;
    if (endpoint != null) {
      endpoint.attribute(newAttribution);
    }
  }

  void update(StreamRequest newRequest) {
    if (endpoint != null
        && (!newRequest.formats().equals(request.formats())
            || !Objects.equals(newRequest.srtp(), request.srtp()))) {
      endpoint.reconfigure(newRequest);
    }
    this.request = newRequest;
  }

  /**
   * Adds a reason to be paused.
   *
   * @return true if the stream was recording and is now paused
   */
  boolean pause(PauseCause cause, Instant now) {
    if (endpoint == null || pausedBy.contains(cause)) {
      return false;
    }
    boolean wasRecording = pausedBy.isEmpty();
    pausedBy.add(cause);
    if (wasRecording) {
      endpoint.pause();
      pausedSince = now;
    }
    return wasRecording;
  }

  /**
   * Lifts one reason to be paused.
   *
   * @return how long it was paused if it records again now, or null
   */
  Duration resume(PauseCause cause, Instant now) {
    if (endpoint == null || !pausedBy.remove(cause) || !pausedBy.isEmpty()) {
      return null;
    }
    endpoint.resume();
    Duration pausedFor = Duration.between(pausedSince, now);
    pausedSince = null;
    return pausedFor;
  }

  boolean isPausedBy(PauseCause cause) {
    return pausedBy.contains(cause);
  }

  void close() {
    if (endpoint != null && finalStatistics == null) {
      finalStatistics = endpoint.close();
    }
  }

  SessionSnapshot.StreamSnapshot snapshot() {
    StreamStatistics stats =
        finalStatistics != null
            ? finalStatistics
            : endpoint == null ? StreamStatistics.NONE : endpoint.statistics();
    List<String> encodings = new ArrayList<>();
    for (PayloadFormat f : request.formats()) {
      encodings.add(f.encoding().sdpName() + "/" + f.clockRate() + " pt=" + f.payloadType());
    }
    return new SessionSnapshot.StreamSnapshot(
        request.label(),
        request.mediaIndex(),
        encodings,
        localPort(),
        isPaused(),
        attribution,
        stats,
        request.media());
  }
}
