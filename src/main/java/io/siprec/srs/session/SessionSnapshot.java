package io.siprec.srs.session;

import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataSnapshot;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import io.siprec.srs.session.metadata.StreamAttribution;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of a recording session at one moment, as events and the console show it.
 *
 * @param metadata the merged metadata now, or null when the SRC has sent none
 * @param metadataHistory every metadata update with its time
 * @param warnings mismatches between SDP and metadata (a label in one but not the other)
 * @param rawMetadata the last metadata document as received, or null
 * @param sdpExchanges the dialog's offers and our answers, oldest first (the first one and the
 *     latest ones when there were many)
 * @param metadataProblem why the last metadata document the SRC sent was not read, or null when it
 *     was read (or none came); {@code metadata} is then still the last one that was read, and
 *     {@code rawMetadata} the unread one (its first bytes only when hostile or oversize)
 * @param communicationSessions the communication sessions (recorded calls) this recording session
 *     recorded, in the order they were associated: one for an ordinary call, several in turn for a
 *     persistent recording session (RFC 7866 §6.1)
 * @param linkedSessions the other recording sessions of the same metadata group on this server (RFC
 *     7865 {@code group_id}), oldest first: after a transfer, the recording before it
 */
public record SessionSnapshot(
    RecordingSessionId id,
    String callId,
    String srcAddress,
    String userAgent,
    String srcVendor,
    boolean siprec,
    Instant startedAt,
    Instant endedAt,
    List<StreamSnapshot> streams,
    RecordingMetadata metadata,
    List<MetadataSnapshot> metadataHistory,
    Map<String, String> sipCallIdentifiers,
    List<String> warnings,
    RawMetadata rawMetadata,
    List<SdpExchange> sdpExchanges,
    MetadataProblem metadataProblem,
    List<RecordedCommunication> communicationSessions,
    List<LinkedSession> linkedSessions) {

  public SessionSnapshot {
    streams = List.copyOf(streams);
    metadataHistory = List.copyOf(metadataHistory);
    sipCallIdentifiers = Map.copyOf(sipCallIdentifiers);
    warnings = List.copyOf(warnings);
    sdpExchanges = List.copyOf(sdpExchanges);
    communicationSessions = List.copyOf(communicationSessions);
    linkedSessions = List.copyOf(linkedSessions);
  }

  /** A snapshot without communication-session history or linked sessions. */
  public SessionSnapshot(
      RecordingSessionId id,
      String callId,
      String srcAddress,
      String userAgent,
      String srcVendor,
      boolean siprec,
      Instant startedAt,
      Instant endedAt,
      List<StreamSnapshot> streams,
      RecordingMetadata metadata,
      List<MetadataSnapshot> metadataHistory,
      Map<String, String> sipCallIdentifiers,
      List<String> warnings,
      RawMetadata rawMetadata,
      List<SdpExchange> sdpExchanges,
      MetadataProblem metadataProblem) {
    this(
        id,
        callId,
        srcAddress,
        userAgent,
        srcVendor,
        siprec,
        startedAt,
        endedAt,
        streams,
        metadata,
        metadataHistory,
        sipCallIdentifiers,
        warnings,
        rawMetadata,
        sdpExchanges,
        metadataProblem,
        List.of(),
        List.of());
  }

  /** A snapshot whose metadata, if any, was read. */
  public SessionSnapshot(
      RecordingSessionId id,
      String callId,
      String srcAddress,
      String userAgent,
      String srcVendor,
      boolean siprec,
      Instant startedAt,
      Instant endedAt,
      List<StreamSnapshot> streams,
      RecordingMetadata metadata,
      List<MetadataSnapshot> metadataHistory,
      Map<String, String> sipCallIdentifiers,
      List<String> warnings,
      RawMetadata rawMetadata,
      List<SdpExchange> sdpExchanges) {
    this(
        id,
        callId,
        srcAddress,
        userAgent,
        srcVendor,
        siprec,
        startedAt,
        endedAt,
        streams,
        metadata,
        metadataHistory,
        sipCallIdentifiers,
        warnings,
        rawMetadata,
        sdpExchanges,
        null,
        List.of(),
        List.of());
  }

  /**
   * Share of the audio the recorded streams should hold that they do hold, 0 to 1: their {@link
   * StreamStatistics#completeness()} weighted by the audio each should have; 1 while nothing is
   * expected yet.
   */
  public double completeness() {
    long expected = 0;
    long held = 0;
    for (StreamSnapshot s : streams) {
      if (s.localPort() != 0 && s.statistics().samplesExpected() > 0) {
        StreamStatistics st = s.statistics();
        expected += st.samplesExpected();
        held += Math.min(st.samplesExpected(), st.samplesDecoded() + st.samplesComfortNoise());
      }
    }
    return expected == 0 ? 1.0 : (double) held / expected;
  }

  /**
   * One stream of the snapshot. {@code localPort} is 0 for a rejected m= line; {@code media} is the
   * line's media type as offered (a video or text line answered with port 0 keeps its label here).
   */
  public record StreamSnapshot(
      StreamLabel label,
      int mediaIndex,
      List<String> encodings,
      int localPort,
      boolean paused,
      StreamAttribution attribution,
      StreamStatistics statistics,
      String media) {

    public StreamSnapshot {
      encodings = List.copyOf(encodings);
      media = media == null || media.isEmpty() ? "audio" : media;
    }

    /** An audio stream. */
    public StreamSnapshot(
        StreamLabel label,
        int mediaIndex,
        List<String> encodings,
        int localPort,
        boolean paused,
        StreamAttribution attribution,
        StreamStatistics statistics) {
      this(label, mediaIndex, encodings, localPort, paused, attribution, statistics, "audio");
    }
  }
}
