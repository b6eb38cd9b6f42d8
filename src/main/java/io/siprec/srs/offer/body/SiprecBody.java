package io.siprec.srs.offer.body;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parts of a SIPREC request body we use: the SDP offer and the recording metadata. Accepts
 * {@code multipart/mixed} with the parts in any order and unknown parts ignored (Cisco's {@code
 * application/gtd}), {@code application/sdp} alone, or metadata alone (Avaya's UPDATE). Metadata is
 * recognised by {@code application/rs-metadata+xml}, {@code application/rs-metadata} (AudioCodes,
 * Intrado, SEMS, the RFC's own examples), or an XML part whose disposition is {@code
 * recording-session}.
 */
public record SiprecBody(
    Optional<byte[]> sdp, Optional<Metadata> metadata, List<String> ignoredParts) {

  public static final String SDP = "application/sdp";
  public static final String RS_METADATA = "application/rs-metadata";
  public static final String RS_METADATA_XML = "application/rs-metadata+xml";

  /** The metadata part as it arrived. */
  public record Metadata(String contentType, byte[] content) {}

  public SiprecBody {
    ignoredParts = List.copyOf(ignoredParts);
  }

  public static SiprecBody empty() {
    return new SiprecBody(Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * @param contentTypeHeader the request's Content-Type, or null when it has no body
   * @throws MalformedBodyException for an unreadable body
   * @throws UnsupportedBodyException for a body type we do not take
   */
  public static SiprecBody read(String contentTypeHeader, byte[] body) {
    if (body == null || body.length == 0) {
      return empty();
    }
    ContentType type = ContentType.parse(contentTypeHeader);
    if (type.is(SDP)) {
      return new SiprecBody(Optional.of(body), Optional.empty(), List.of());
    }
    if (isMetadata(type, "")) {
      return new SiprecBody(
          Optional.empty(), Optional.of(new Metadata(type.mediaType(), body)), List.of());
    }
    if (!type.isMultipart()) {
      throw new UnsupportedBodyException(type.mediaType());
    }
    byte[] sdp = null;
    Metadata metadata = null;
    List<String> ignored = new ArrayList<>();
    for (BodyPart part : MultipartBody.frame(type, body).parts()) {
      ContentType partType = part.contentType();
      if (partType.is(SDP)) {
        if (sdp != null) {
          throw new MalformedBodyException("multipart body has two SDP parts");
        }
        sdp = part.content();
      } else if (isMetadata(partType, part.disposition())) {
        if (metadata != null) {
          throw new MalformedBodyException("multipart body has two metadata parts");
        }
        metadata = new Metadata(partType.mediaType(), part.content());
      } else {
        ignored.add(partType.mediaType());
      }
    }
    return new SiprecBody(Optional.ofNullable(sdp), Optional.ofNullable(metadata), ignored);
  }

  private static boolean isMetadata(ContentType type, String disposition) {
    if (type.is(RS_METADATA_XML) || type.is(RS_METADATA)) {
      return true;
    }
    boolean xml = type.is("application/xml") || type.is("text/xml");
    return xml && disposition.equals("recording-session");
  }
}
