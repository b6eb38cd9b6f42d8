package io.siprec.srs.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The recording sessions that are live now. */
@ApplicationScoped
public class SessionRegistry {
  private final ConcurrentHashMap<RecordingSessionId, RecordingSession> active =
      new ConcurrentHashMap<>();
  private final AtomicInteger peak = new AtomicInteger();

  void add(RecordingSession session) {
    active.put(session.id(), session);
    peak.accumulateAndGet(active.size(), Math::max);
  }

  Optional<RecordingSession> remove(RecordingSessionId id) {
    return Optional.ofNullable(active.remove(id));
  }

  public Optional<RecordingSession> find(RecordingSessionId id) {
    return Optional.ofNullable(active.get(id));
  }

  public Collection<RecordingSession> active() {
    return List.copyOf(active.values());
  }

  public int activeCount() {
    return active.size();
  }

  public int peakCount() {
    return peak.get();
  }
}
