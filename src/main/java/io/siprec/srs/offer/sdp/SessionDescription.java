package io.siprec.srs.offer.sdp;

import java.util.List;
import java.util.Optional;

/**
 * A parsed SDP session description (RFC 4566), reduced to what offer/answer for recording needs.
 *
 * @param origin the o= line's fields, or null when the SRC left it out
 * @param connection the session-level c=, or null
 */
public record SessionDescription(
    Origin origin,
    Connection connection,
    List<Attribute> attributes,
    List<MediaDescription> media) {

  public SessionDescription {
    attributes = List.copyOf(attributes);
    media = List.copyOf(media);
  }

  public record Origin(
      String username,
      String sessionId,
      String sessionVersion,
      String addressType,
      String address) {}

  /** A c= line: {@code IN IP4 192.0.2.1}. */
  public record Connection(String addressType, String address) {
    /** The RFC 2543 way of putting a stream on hold. */
    public boolean isHold() {
      return address.equals("0.0.0.0") || address.equals("::");
    }
  }

  /** An a= line: {@code a=name:value}, or {@code a=name} with an empty value. */
  public record Attribute(String name, String value) {}

  /** The first attribute of that name at session level. */
  public Optional<String> attribute(String name) {
    return Attributes.first(attributes, name);
  }

  static final class Attributes {
    private Attributes() {}

    static Optional<String> first(List<Attribute> attributes, String name) {
      for (Attribute a : attributes) {
        if (a.name().equalsIgnoreCase(name)) {
          return Optional.of(a.value());
        }
      }
      return Optional.empty();
    }
  }
}
