package io.siprec.srs.admin;

import io.siprec.srs.session.SessionSnapshot;
import java.time.Duration;

/** A live session as the console lists it: its snapshot now and the chunks JMS dropped of it. */
public record LiveSession(SessionSnapshot session, Duration duration, long chunksDropped) {}
