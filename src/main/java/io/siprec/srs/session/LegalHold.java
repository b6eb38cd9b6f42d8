package io.siprec.srs.session;

import java.time.Instant;

/**
 * A recording that must not be deleted, by retention or by an erasure request, until the hold is
 * released: kept for litigation or an investigation.
 *
 * @param session the recording session held
 * @param day the UTC day folder it is in ({@code yyyy-mm-dd})
 * @param by who put the hold on
 * @param at when
 * @param why the reason given (a case or ticket reference, say)
 */
public record LegalHold(
    RecordingSessionId session, String day, String by, Instant at, String why) {}
