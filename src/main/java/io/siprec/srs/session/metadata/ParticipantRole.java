package io.siprec.srs.session.metadata;

/** Which side of the recorded call a participant is on, where the SRC lets us tell. */
public enum ParticipantRole {
  CALLER,
  CALLEE,
  UNKNOWN
}
