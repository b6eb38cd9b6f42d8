package io.siprec.srs.admin;

import java.time.Instant;

/**
 * One line of a session's timeline in the console.
 *
 * @param type the event type as on JMS ({@code session.started}, {@code stream.paused}, ...)
 * @param streamLabel the stream it concerns, or empty for the whole session
 * @param detail what happened, in words
 */
public record TimelineEntry(Instant at, String type, String streamLabel, String detail) {}
