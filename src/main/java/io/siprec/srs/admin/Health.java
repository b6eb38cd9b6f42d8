package io.siprec.srs.admin;

/**
 * What a load balancer needs to know: may it send calls here.
 *
 * @param status {@code UP}; {@code DRAINING} while the server shuts down (new calls get 503); or
 *     {@code BROKER_DOWN} when the broker is gone and the audio backlog is full, so new audio
 *     would only reach the archive
 * @param broker {@code connected}, {@code buffering} or {@code down}, as in {@link SystemView.Jms}
 */
public record Health(String status, boolean accepting, String broker, int activeSessions) {
  public static final String UP = "UP";
  public static final String DRAINING = "DRAINING";
  public static final String BROKER_DOWN = "BROKER_DOWN";

  static Health of(boolean accepting, String broker, int activeSessions) {
    String status = !accepting ? DRAINING : broker.equals("down") ? BROKER_DOWN : UP;
    return new Health(status, accepting, broker, activeSessions);
  }

  public boolean up() {
    return status.equals(UP);
  }
}
