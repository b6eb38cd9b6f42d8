package io.siprec.srs.offer.sdp;

import io.siprec.srs.session.AudioEncoding;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which payload formats we accept in an offer. Negotiation keeps the SRC's order of preference and
 * accepts every format it offers that is in this table, so the SRC may switch between them
 * mid-call; events and comfort noise are accepted only next to at least one audio format.
 */
public final class CodecTable {
  private final Set<AudioEncoding> accepted;

  public CodecTable(Set<AudioEncoding> accepted) {
    this.accepted =
        accepted.isEmpty() ? EnumSet.noneOf(AudioEncoding.class) : EnumSet.copyOf(accepted);
  }

  /** Everything the media engine can decode today. */
  public static CodecTable allDecodable() {
    return new CodecTable(EnumSet.allOf(AudioEncoding.class));
  }

  public boolean accepts(AudioEncoding encoding) {
    return accepted.contains(encoding);
  }
}
