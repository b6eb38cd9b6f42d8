package org.restcomm.commons.statistics.reporter;

import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for Restcomm's usage reporter of the same name, which POSTs usage data to a remote
 * statistics server at start-up, every 24 h and at stop, and which Restcomm's dispatcher starts
 * whatever {@code gatherStatistics} says. The original jar
 * (org.restcomm.commons:restcomm-statistics) is excluded from the build; this class offers the
 * members the dispatcher calls and sends nothing.
 *
 * <p>The dispatcher's counters still register in {@link #getMetricRegistry()}, in memory only.
 * Lives on the container's class path (srs-server.jar), never in the WAR.
 */
public final class RestcommStatsReporter {
  private static final MetricRegistry METRICS = new MetricRegistry();
  private static final RestcommStatsReporter INSTANCE = new RestcommStatsReporter();

  public RestcommStatsReporter() {}

  public static synchronized RestcommStatsReporter getRestcommStatsReporter() {
    return INSTANCE;
  }

  public static MetricRegistry getMetricRegistry() {
    return METRICS;
  }

  /** Would schedule the remote report; deliberately does nothing. */
  public void start(long period, TimeUnit unit) {}

  /** Would send a final remote report; deliberately does nothing. */
  public void stop() {}

  /** Ignored: there is no remote server. */
  public void setRemoteServer(String remoteServer) {}

  public void setProjectName(String projectName) {}

  public void setProjectType(String projectType) {}

  public void setVersion(String version) {}
}
