package io.siprec.srs.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One m= line of a recording session and, unless it was rejected, its receiving endpoint.
 * Guarded by the owning {@link RecordingSession}'s lock.
 */
public final class RecordedStream {
  private StreamRequest request;
  private final MediaEndpoint endpoint;
  private boolean paused;
  private Instant pausedSince;
  private StreamStatistics finalStatistics;
  private StreamAttribution attribution = StreamAttribution.UNKNOWN;

  RecordedStream(StreamRequest request, MediaEndpoint endpoint, Instant now) {
    this.request = request;
    this.endpoint = endpoint;
    this.paused = request.paused();
    this.pausedSince = request.paused() ? now : null;
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

  public boolean isRejected() {
    return endpoint == null;
  }

  public boolean isPaused() {
    return paused;
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
    if (endpoint != null && (!newRequest.formats().equals(request.formats())
        || !java.util.Objects.equals(newRequest.srtp(), request.srtp()))) {
      endpoint.reconfigure(newRequest);
    }
    this.request = newRequest;
  }

  /** @return true if the stream was recording and is now paused */
  boolean pause(Instant now) {
    if (paused || endpoint == null) {
      return false;
    }
    endpoint.pause();
    paused = true;
    pausedSince = now;
    return true;
  }

  /** @return how long it was paused, or null if it was not paused */
  Duration resume(Instant now) {
    if (!paused || endpoint == null) {
      return null;
    }
    endpoint.resume();
    paused = false;
    Duration pausedFor = Duration.between(pausedSince, now);
    pausedSince = null;
    return pausedFor;
  }

  void close() {
    if (endpoint != null && finalStatistics == null) {
      finalStatistics = endpoint.close();
    }
  }

  SessionSnapshot.StreamSnapshot snapshot() {
    StreamStatistics stats =
        finalStatistics != null ? finalStatistics : endpoint == null ? StreamStatistics.NONE : endpoint.statistics();
    List<String> encodings = new ArrayList<>();
    for (PayloadFormat f : request.formats()) {
      encodings.add(f.encoding().sdpName() + "/" + f.clockRate() + " pt=" + f.payloadType());
    }
    return new SessionSnapshot.StreamSnapshot(
        request.label(), request.mediaIndex(), encodings, localPort(), paused, attribution, stats);
  }
}
