package io.siprec.srs.session;

import java.time.Instant;

/**
 * Another recording session of the same group (RFC 7865 {@code group_id}): SRCs that transfer a
 * call end one recording session and open a new one with the same group (siprec-interop.md §13,
 * NetSapiens), so the two recordings belong together.
 *
 * @param endedAt null while it records
 */
public record LinkedSession(
    RecordingSessionId id, String callId, Instant startedAt, Instant endedAt) {

  LinkedSession endedAt(Instant at) {
    return new LinkedSession(id, callId, startedAt, at);
  }
}
