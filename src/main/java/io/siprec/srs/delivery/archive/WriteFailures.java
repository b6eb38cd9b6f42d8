package io.siprec.srs.delivery.archive;

import io.siprec.srs.session.RecordingSessionId;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's failed writes: counted, the last one kept for the console, logged once per session
 * (a full disk fails every chunk), and an alarm held up for {@link #ALARM_HOLD} after the last one.
 * A failure never reaches the call: the writer reports it here and goes on with the next item.
 */
final class WriteFailures {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);

  /** How long a failed write keeps its alarm up: long enough for a monitoring system to see it. */
  static final Duration ALARM_HOLD = Duration.ofMinutes(5);

  private final Clock clock;
  private final AtomicLong count = new AtomicLong();
  private final Set<RecordingSessionId> loggedSessions = ConcurrentHashMap.newKeySet();
  private volatile Instant lastAt;
  private volatile String last = "";

  WriteFailures(Clock clock) {
    this.clock = clock;
  }

  /**
   * A write for this session failed.
   *
   * @return whether it was the session's first (the one logged) since its folder was opened
   */
  boolean failed(RecordingSessionId id, IOException e) {
    count.incrementAndGet();
    Instant now = clock.instant();
    lastAt = now;
    last = now + " session " + id + ": " + e;
    if (loggedSessions.add(id)) {
      LOG.error(
          "archive: cannot write session {} ({}); the call goes on, the recording on disk is incomplete",
          id,
          e.toString());
      return true;
    }
    return false;
  }

  /** The session's folder is closed: a later failure of it (none expected) is logged again. */
  void sessionClosed(RecordingSessionId id) {
    loggedSessions.remove(id);
  }

  long count() {
    return count.get();
  }

  /** The last failure, with its time and session; empty if none. */
  String last() {
    return last;
  }

  /** Whether a write failed within the last {@link #ALARM_HOLD}. */
  boolean alarmUp() {
    Instant at = lastAt;
    return at != null && at.plus(ALARM_HOLD).isAfter(clock.instant());
  }
}
