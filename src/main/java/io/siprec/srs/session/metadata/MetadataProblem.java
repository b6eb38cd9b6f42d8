package io.siprec.srs.session.metadata;

import java.time.Instant;
import java.util.List;

/**
 * Why a metadata document the SRC sent was not read. It never costs the recording: the call is
 * recorded with the metadata it had before (or participants from SIP headers), and the problem is
 * shown in events, the console and the metrics (docs/metadata.md, "Policies").
 *
 * @param detail what and where, as an operator reads it next to an SBC trace ("line 12: ...")
 * @param repairsTried the repairs applied to the text before giving up; empty when none of the
 *     known ones applied, or when the document was never parsed ({@link Kind#HOSTILE}, {@link
 *     Kind#OVERSIZE})
 * @param receivedIn the request that carried it: INVITE, re-INVITE, UPDATE or BYE
 * @param size bytes received
 */
public record MetadataProblem(
    Kind kind,
    String detail,
    List<MetadataRepair> repairsTried,
    String receivedIn,
    Instant at,
    int size) {

  /**
   * Of a hostile or oversize document only this many first bytes are kept as its raw text: enough
   * to see what it is, while a bomb's text, harmless as text, may be large.
   */
  public static final int EXCERPT_BYTES = 4096;

  public MetadataProblem {
    repairsTried = List.copyOf(repairsTried);
  }

  /** How much of the document is kept as its raw text. */
  public int keptBytes() {
    return kind.keepsExcerptOnly() ? Math.min(size, EXCERPT_BYTES) : size;
  }

  public enum Kind {
    /**
     * Not well-formed even after the known repairs (truncated, garbage), or not RFC 7865 at all.
     */
    UNREADABLE("unreadable"),
    /** Bytes not valid in the document's encoding (UTF-8 unless declared). */
    BAD_ENCODING("bad-encoding"),
    /**
     * A DOCTYPE (entity expansion, external entities) or nesting over 32 levels: never parsed
     * further.
     */
    HOSTILE("hostile"),
    /** Over {@code srs.metadata.max-bytes}: never parsed. */
    OVERSIZE("oversize");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** Whether only the first {@link #EXCERPT_BYTES} of such a document are kept. */
    public boolean keepsExcerptOnly() {
      return this == HOSTILE || this == OVERSIZE;
    }
  }
}
