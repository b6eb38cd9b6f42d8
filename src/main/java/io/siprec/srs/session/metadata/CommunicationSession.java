package io.siprec.srs.session.metadata;

import java.util.List;

/**
 * The recorded call (RFC 7865 {@code <session>}): the ids a CRM knows it by.
 *
 * @param sipSessionIds RFC 7989 Session-ID values ({@code local;remote=...})
 * @param startTime as written by the SRC (it may lack a zone, or be from 1970); empty if absent
 */
public record CommunicationSession(
    String id, List<String> sipSessionIds, String groupRef, String startTime, String stopTime) {

  public CommunicationSession {
    id = id == null ? "" : id;
    sipSessionIds = List.copyOf(sipSessionIds);
    groupRef = groupRef == null ? "" : groupRef;
    startTime = startTime == null ? "" : startTime;
    stopTime = stopTime == null ? "" : stopTime;
  }
}
