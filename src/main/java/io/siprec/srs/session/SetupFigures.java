package io.siprec.srs.session;

import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Read-only port to how the SRCs' requests were answered: recording sessions set up, error answers
 * by status code with the last few reasons, and metadata documents not read or repaired. Counted at
 * the SIP edge and in the core; the console and the metrics read them here.
 */
public interface SetupFigures {
  /** Initial INVITEs answered 200 OK. */
  long setups();

  /** Error answers with this status so far. */
  long rejections(int status);

  /** Every status a request can be refused with, counted from zero before the first one. */
  Set<Integer> refusalStatuses();

  /** Metadata documents not read for this reason so far, from any request. */
  long metadataProblems(MetadataProblem.Kind kind);

  /** Metadata documents read thanks to this repair so far. */
  long metadataRepairs(MetadataRepair repair);

  /** The setups and rejections now, with the last rejections' reasons. */
  Summary figures();

  /** One refused INVITE, as an operator reads it next to an SBC trace. */
  record Rejection(Instant at, int status, String reason, String callId, String srcAddress) {}

  /**
   * @param rejectionsByStatus final error answers by status code, ascending
   * @param lastRejections newest first
   */
  record Summary(
      long setups, Map<Integer, Long> rejectionsByStatus, List<Rejection> lastRejections) {
    public Summary {
      rejectionsByStatus = Collections.unmodifiableMap(new TreeMap<>(rejectionsByStatus));
      lastRejections = List.copyOf(lastRejections);
    }

    public long rejections() {
      return rejectionsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
