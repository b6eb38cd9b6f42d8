package io.siprec.srs.session;

import java.time.Instant;
import java.util.List;

/** An immutable view of a recording session at one moment, as events and the console show it. */
public record SessionSnapshot(
    RecordingSessionId id,
    String callId,
    String srcAddress,
    String userAgent,
    boolean siprec,
    Instant startedAt,
    Instant endedAt,
    List<StreamSnapshot> streams,
    String metadataContentType,
    String metadataXml) {

  public SessionSnapshot {
    streams = List.copyOf(streams);
  }

  /** One stream of the snapshot. {@code localPort} is 0 for a rejected m= line. */
  public record StreamSnapshot(
      StreamLabel label,
      int mediaIndex,
      List<String> encodings,
      int localPort,
      boolean paused,
      StreamStatistics statistics) {

    public StreamSnapshot {
      encodings = List.copyOf(encodings);
    }
  }
}
