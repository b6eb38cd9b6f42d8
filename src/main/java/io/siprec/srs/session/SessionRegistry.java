package io.siprec.srs.session;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The recording sessions that are live now. */
@ApplicationScoped
public class SessionRegistry {
  private final ConcurrentHashMap<RecordingSessionId, RecordingSession> active =
      new ConcurrentHashMap<>();
  private final AtomicInteger peak = new AtomicInteger();
  private final Map<EndReason, AtomicLong> endedByReason = new EnumMap<>(EndReason.class);

  public SessionRegistry() {
    for (EndReason reason : EndReason.values()) {
      endedByReason.put(reason, new AtomicLong());
    }
  }

  void add(RecordingSession session) {
    active.put(session.id(), session);
    peak.accumulateAndGet(active.size(), Math::max);
  }

  /** Takes a session out because it ended for {@code reason}; counted only if it was live. */
  Optional<RecordingSession> remove(RecordingSessionId id, EndReason reason) {
    Optional<RecordingSession> removed = Optional.ofNullable(active.remove(id));
    if (removed.isPresent()) {
      endedByReason.get(reason).incrementAndGet();
    }
    return removed;
  }

  /** Sessions that ended for this reason since start. */
  public long endedCount(EndReason reason) {
    return endedByReason.get(reason).get();
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
