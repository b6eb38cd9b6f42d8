package io.siprec.srs.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers when each alarm was raised and when the status took its value, so the console and
 * {@code /health} can say "since". The parts that raise alarms (the archive, admission) only say
 * which are up now; this log is fed what is up once a second by the sampler and at every read, so
 * the time it gives is when the server first saw the alarm, within a second. An alarm that goes
 * down and comes back up starts a new "since".
 */
final class AlarmLog {
  private final Clock clock;
  private final Map<String, Instant> raised = new HashMap<>();
  private String status;
  private Instant statusSince;

  AlarmLog(Clock clock) {
    this.clock = clock;
  }

  /** {@code health} with the times filled in, remembering what is new. */
  synchronized Health stamp(Health health) {
    Instant now = clock.instant();
    if (!health.status().equals(status)) {
      status = health.status();
      statusSince = now;
    }
    raised.keySet().retainAll(health.alarms());
    List<RaisedAlarm> out = new ArrayList<>(health.alarms().size());
    for (String alarm : health.alarms()) {
      out.add(new RaisedAlarm(alarm, raised.computeIfAbsent(alarm, a -> now)));
    }
    return health.withTimes(statusSince, out);
  }
}
