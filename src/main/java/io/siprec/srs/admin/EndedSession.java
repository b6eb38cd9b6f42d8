package io.siprec.srs.admin;

import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.SessionSnapshot;
import java.time.Duration;
import java.util.List;

/** A session as it ended: its final snapshot and timeline, kept for the console's recent list. */
public record EndedSession(
    SessionSnapshot session, EndReason reason, Duration duration, List<TimelineEntry> timeline) {
  public EndedSession {
    timeline = List.copyOf(timeline);
  }
}
