package io.siprec.srs.session;

import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.RawMetadata;
import io.siprec.srs.session.metadata.RecordingMetadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A new recording session as the SRC offers it (the initial INVITE), in domain terms.
 *
 * @param srcAddress where the request came from, "host:port/transport", for operators
 * @param callId the SIP Call-ID of the recording dialog
 * @param userAgent the SRC's User-Agent header, or empty
 * @param srcVendor the SRC product the request looks like ("Oracle SBC", "AudioCodes", ...
 *     "unknown")
 * @param siprec whether the request was marked as SIPREC (Require/Contact/metadata)
 * @param rawMetadata the recording metadata exactly as received, if any
 * @param metadata the metadata read and normalised, or participants taken from SIP headers; empty
 *     when the SRC sent neither (it may send metadata later)
 * @param sipCallIdentifiers ids of the recorded call found in SIP headers (User-to-User UCID,
 *     Genesys UUIDs, ...)
 * @param metadataProblem why the metadata the SRC sent was not read, if it was not (the call
 *     records anyway: {@code metadata} then holds what the SIP headers say, if anything)
 */
public record RecordingRequest(
    String srcAddress,
    String callId,
    String userAgent,
    String srcVendor,
    boolean siprec,
    List<StreamRequest> streams,
    Optional<RawMetadata> rawMetadata,
    Optional<RecordingMetadata> metadata,
    Map<String, String> sipCallIdentifiers,
    Optional<MetadataProblem> metadataProblem) {

  public RecordingRequest {
    streams = List.copyOf(streams);
    sipCallIdentifiers = Map.copyOf(sipCallIdentifiers);
  }

  /** A request whose metadata, if any, was read. */
  public RecordingRequest(
      String srcAddress,
      String callId,
      String userAgent,
      String srcVendor,
      boolean siprec,
      List<StreamRequest> streams,
      Optional<RawMetadata> rawMetadata,
      Optional<RecordingMetadata> metadata,
      Map<String, String> sipCallIdentifiers) {
    this(
        srcAddress,
        callId,
        userAgent,
        srcVendor,
        siprec,
        streams,
        rawMetadata,
        metadata,
        sipCallIdentifiers,
        Optional.empty());
  }
}
