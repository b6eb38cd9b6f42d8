package io.siprec.srs.admin;

import java.time.Instant;

/**
 * An alarm (or a status other than {@code UP}) that is up now, and since when.
 *
 * @param name as {@code /health} names it: {@code ARCHIVE_LOW_SPACE}, {@code BROKER_DOWN}, ...
 * @param since when the server first saw it up, to within the sampler's second
 */
public record RaisedAlarm(String name, Instant since) {}
