package io.siprec.srs.admin;

import io.siprec.srs.session.SetupFigures;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The whole server at one moment, as the console's system page and {@code /api/system} show it.
 *
 * @param sessionLimit the configured limit of concurrent sessions, or -1 when there is none (then
 *     the RTP port range is the limit: {@link Media#streamCapacity()})
 * @param alarms what the console's banner shows: a status other than UP, then the alarms up, each
 *     with since when ({@link Health#banner()})
 */
public record SystemView(
    Instant at,
    Duration uptime,
    boolean accepting,
    int activeSessions,
    int peakSessions,
    int sessionLimit,
    SetupFigures.Summary sip,
    Media media,
    Jms jms,
    Archive archive,
    Jvm jvm,
    long loginFailures,
    List<SettingInEffect> settings,
    List<RaisedAlarm> alarms) {

  public SystemView {
    settings = List.copyOf(settings);
    alarms = List.copyOf(alarms);
  }

  public record Media(
      long packetsReceived,
      double packetsPerSecond,
      long packetsLost,
      long packetsMalformed,
      long decodeErrors,
      int streamsOpen,
      int streamCapacity) {}

  /**
   * @param state {@code connected}, {@code buffering} (not connected, chunks wait in the backlog)
   *     or {@code down} (not connected and the backlog is full: chunks are being dropped)
   */
  public record Jms(
      String state,
      boolean brokerEmbedded,
      boolean brokerRunning,
      String brokerUrl,
      boolean audioConnected,
      boolean eventsConnected,
      long chunksPublished,
      double chunksPerSecond,
      long chunksDropped,
      int audioBacklog,
      int audioBacklogLimit,
      long eventsPublished,
      long eventsLost,
      int eventsBacklog,
      double chunkLatencyMeanMs,
      double chunkLatencyMaxMs) {}

  /**
   * @param lastError the last write failure, or empty
   */
  public record Archive(
      boolean enabled,
      String directory,
      long chunksWritten,
      long chunksDropped,
      long writeErrors,
      long sessionsArchived,
      int backlog,
      String lastError) {}

  /**
   * @param processCpu share of all cores this process used lately, 0 to 1, or -1 when unknown
   */
  public record Jvm(
      long heapUsedBytes,
      long heapCommittedBytes,
      long heapMaxBytes,
      double processCpu,
      double systemCpu,
      int processors,
      int threads,
      String javaVersion) {}

  /** One setting: its value (secrets masked) and where it came from. */
  public record SettingInEffect(
      String key, String value, String origin, boolean secret, String description) {}
}
