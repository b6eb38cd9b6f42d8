package io.siprec.srs.session;

import java.util.UUID;

/** Our identity of one recording session (one SIPREC dialog), as published on every message. */
public record RecordingSessionId(String value) {
  public RecordingSessionId {
    if (value == null || !value.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("invalid recording session id: " + value);
    }
  }

  public static RecordingSessionId random() {
    return new RecordingSessionId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
