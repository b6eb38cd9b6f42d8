package io.siprec.srs.metadata;

import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import java.util.List;

/**
 * Metadata we could not or would not read. The message says what and where ("Malformed recording
 * metadata: line 12: ..."); {@link #kind()} sorts it for operators and metrics. It never costs the
 * call: the SIP edge records without the metadata and shows the problem.
 */
public final class MetadataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final MetadataProblem.Kind kind;
  private final List<MetadataRepair> repairsTried;

  public MetadataException(String reason) {
    this(MetadataProblem.Kind.UNREADABLE, reason);
  }

  public MetadataException(MetadataProblem.Kind kind, String reason) {
    this(kind, reason, List.of());
  }

  private MetadataException(
      MetadataProblem.Kind kind, String reason, List<MetadataRepair> repairsTried) {
    super(reason);
    this.kind = kind;
    this.repairsTried = List.copyOf(repairsTried);
  }

  public static MetadataException tooLarge(int size, int limit) {
    return new MetadataException(
        MetadataProblem.Kind.OVERSIZE,
        "Recording metadata of " + size + " bytes exceeds the limit of " + limit);
  }

  /** The same failure, after these repairs were applied to the text in vain. */
  MetadataException afterRepairs(List<MetadataRepair> tried) {
    MetadataException e = new MetadataException(kind, getMessage(), tried);
    e.setStackTrace(getStackTrace());
    return e;
  }

  public MetadataProblem.Kind kind() {
    return kind;
  }

  public boolean tooLarge() {
    return kind == MetadataProblem.Kind.OVERSIZE;
  }

  /** Repairs applied to the text before giving up; empty when none applied. */
  public List<MetadataRepair> repairsTried() {
    return repairsTried;
  }
}
