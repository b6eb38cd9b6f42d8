package io.siprec.srs.session;

/** Why a stream stopped recording. A stream records only while it has neither cause. */
public enum PauseCause {
  /**
   * The SDP stopped it: {@code a=inactive} (or {@code a=recvonly}) or the old {@code c=0.0.0.0}.
   */
  SDP("sdp"),
  /**
   * The metadata put it on hold: an update left nobody sending on a stream that had a sender (RFC
   * 7866 hold: the held participant keeps only {@code recv}).
   */
  METADATA_HOLD("metadata-hold");

  private final String wireName;

  PauseCause(String wireName) {
    this.wireName = wireName;
  }

  /** As written in events. */
  public String wireName() {
    return wireName;
  }
}
