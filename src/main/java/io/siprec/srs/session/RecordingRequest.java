package io.siprec.srs.session;

import java.util.List;
import java.util.Optional;

/**
 * A new recording session as the SRC offers it (the initial INVITE), in domain terms.
 *
 * @param srcAddress where the request came from, "host:port/transport", for operators
 * @param callId the SIP Call-ID of the recording dialog
 * @param userAgent the SRC's User-Agent header, or empty
 * @param siprec whether the request was marked as SIPREC (Require/Contact/metadata)
 * @param metadata the recording metadata as received, if any
 */
public record RecordingRequest(
    String srcAddress,
    String callId,
    String userAgent,
    boolean siprec,
    List<StreamRequest> streams,
    Optional<RawMetadata> metadata) {

  public RecordingRequest {
    streams = List.copyOf(streams);
  }
}
