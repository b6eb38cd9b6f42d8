package io.siprec.srs.offer.sdp;

import java.util.Optional;

/** SDP media direction (RFC 3264 §5.1), and the recorder's answer to each. */
public enum Direction {
  SENDRECV("sendrecv"),
  SENDONLY("sendonly"),
  RECVONLY("recvonly"),
  INACTIVE("inactive");

  private final String attribute;

  Direction(String attribute) {
    this.attribute = attribute;
  }

  public String attribute() {
    return attribute;
  }

  static Optional<Direction> fromAttribute(String name) {
    for (Direction d : values()) {
      if (d.attribute.equalsIgnoreCase(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /**
   * The direction of a media section: its own attribute, else the session's, else sendrecv. SEMS
   * writes both {@code a=direction:both} (RFC 4145, not a direction) and {@code a=sendonly}.
   */
  static Direction of(MediaDescription media, SessionDescription session) {
    for (SessionDescription.Attribute a : media.attributes()) {
      Optional<Direction> d = fromAttribute(a.name());
      if (d.isPresent()) {
        return d.get();
      }
    }
    for (SessionDescription.Attribute a : session.attributes()) {
      Optional<Direction> d = fromAttribute(a.name());
      if (d.isPresent()) {
        return d.get();
      }
    }
    return SENDRECV;
  }

  /** A recorder only receives: it answers recvonly to anything it may receive, else inactive. */
  public Direction recorderAnswer() {
    return this == SENDONLY || this == SENDRECV ? RECVONLY : INACTIVE;
  }

  /** Whether the SRC is sending media in this direction. */
  public boolean srcSends() {
    return this == SENDONLY || this == SENDRECV;
  }
}
