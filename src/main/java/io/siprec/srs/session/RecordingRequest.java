package io.siprec.srs.session;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A new recording session as the SRC offers it (the initial INVITE), in domain terms.
 *
 * @param srcAddress where the request came from, "host:port/transport", for operators
 * @param callId the SIP Call-ID of the recording dialog
 * @param userAgent the SRC's User-Agent header, or empty
 * @param srcVendor the SRC product the request looks like ("Oracle SBC", "AudioCodes", ... "unknown")
 * @param siprec whether the request was marked as SIPREC (Require/Contact/metadata)
 * @param rawMetadata the recording metadata exactly as received, if any
 * @param metadata the metadata read and normalised, or participants taken from SIP headers; empty
 *     when the SRC sent neither (it may send metadata later)
 * @param sipCallIdentifiers ids of the recorded call found in SIP headers (User-to-User UCID,
 *     Genesys UUIDs, ...)
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
    Map<String, String> sipCallIdentifiers) {

  public RecordingRequest {
    streams = List.copyOf(streams);
    sipCallIdentifiers = Map.copyOf(sipCallIdentifiers);
  }
}
