/**
 * The normalised metadata model: what the SRC told us about the recorded call (communication
 * sessions, participants and their roles, which participant is heard on which stream), whatever
 * dialect it came in, and what we could not read of it. Plain values: it depends on nothing else of
 * ours; the XML is read into it by {@code io.siprec.srs.metadata}.
 */
package io.siprec.srs.session.metadata;
