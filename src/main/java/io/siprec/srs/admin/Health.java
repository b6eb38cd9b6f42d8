package io.siprec.srs.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a load balancer needs to know: may it send calls here.
 *
 * @param status {@code UP}; {@code DRAINING} while the server shuts down (new calls get 503); or
 *     {@code BROKER_DOWN} when the broker is gone and the audio backlog is full, so new audio would
 *     only reach the archive
 * @param broker {@code connected}, {@code buffering} or {@code down}, as in {@link SystemView.Jms}
 * @param alarms what an operator must look at although calls are still taken (e.g. the archive's
 *     disk filling up); they do not change {@code status}, so a load balancer keeps sending calls
 * @param statusSince when {@code status} took its value; null until {@link AlarmLog} stamped it
 * @param alarmsRaised {@code alarms} with since when each is up; empty until stamped
 */
public record Health(
    String status,
    boolean accepting,
    String broker,
    int activeSessions,
    List<String> alarms,
    Instant statusSince,
    List<RaisedAlarm> alarmsRaised) {
  public static final String UP = "UP";
  public static final String DRAINING = "DRAINING";
  public static final String BROKER_DOWN = "BROKER_DOWN";

  /**
   * Alarm: a gauge of measured headroom is at its limit, so new sessions get 503 (the calls up are
   * kept). An alarm, not a status: the session count limit does not change the status either.
   */
  public static final String NO_HEADROOM = "NO_HEADROOM";

  public Health {
    alarms = List.copyOf(alarms);
    alarmsRaised = List.copyOf(alarmsRaised);
  }

  static Health of(boolean accepting, String broker, int activeSessions, List<String> alarms) {
    String status = !accepting ? DRAINING : broker.equals("down") ? BROKER_DOWN : UP;
    return new Health(status, accepting, broker, activeSessions, alarms, null, List.of());
  }

  Health withTimes(Instant statusSince, List<RaisedAlarm> alarmsRaised) {
    return new Health(status, accepting, broker, activeSessions, alarms, statusSince, alarmsRaised);
  }

  public boolean up() {
    return status.equals(UP);
  }

  /**
   * What the console's banner shows: a status other than {@code UP} (the server draining, the
   * broker down), then the alarms, each with since when.
   */
  public List<RaisedAlarm> banner() {
    List<RaisedAlarm> out = new ArrayList<>(alarmsRaised.size() + 1);
    if (!up()) {
      out.add(new RaisedAlarm(status, statusSince));
    }
    out.addAll(alarmsRaised);
    return out;
  }
}
