package io.siprec.srs.recording;

import io.siprec.srs.session.RecordingSessionId;

/**
 * What a recording dialog carries from one request to the next: the session it records, the o= line
 * of our answers (RFC 3264 §8: same session id, version up by one per new answer) and our last
 * answer (sent again to a re-INVITE without an offer). The SIP edge keeps it with the dialog.
 */
public record DialogState(
    RecordingSessionId id, long sdpSessionId, long sdpVersion, String lastAnswer) {}
