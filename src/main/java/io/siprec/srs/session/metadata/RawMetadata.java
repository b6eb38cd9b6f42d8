package io.siprec.srs.session.metadata;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Recording metadata (RFC 7865 XML or a vendor dialect of it) exactly as it arrived, with when and
 * in which request. Kept so that nothing the SRC told us is lost before it is understood.
 */
public record RawMetadata(String contentType, byte[] body, Instant receivedAt, String receivedIn) {
  public RawMetadata {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public int size() {
    return body.length;
  }
}
