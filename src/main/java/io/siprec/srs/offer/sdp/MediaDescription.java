package io.siprec.srs.offer.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One m= section.
 *
 * @param index position among the m= lines, from 0
 * @param formats the format list as written (payload type numbers for RTP profiles)
 * @param connection the media-level c=, or null (then the session-level one applies)
 */
public record MediaDescription(
    int index,
    String type,
    int port,
    String protocol,
    List<String> formats,
    SessionDescription.Connection connection,
    List<SessionDescription.Attribute> attributes) {

  public MediaDescription {
    formats = List.copyOf(formats);
    attributes = List.copyOf(attributes);
  }

  public Optional<String> attribute(String name) {
    return SessionDescription.Attributes.first(attributes, name);
  }

  public List<String> attributes(String name) {
    return attributes.stream()
        .filter(a -> a.name().equalsIgnoreCase(name))
        .map(SessionDescription.Attribute::value)
        .toList();
  }

  /** True for the RTP profiles whose formats are payload type numbers. */
  public boolean isRtp() {
    return protocol.toUpperCase(Locale.ROOT).startsWith("RTP/");
  }
}
