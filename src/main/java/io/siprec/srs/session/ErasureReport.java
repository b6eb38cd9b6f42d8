package io.siprec.srs.session;

import java.util.List;

/**
 * What an erasure request ("delete every recording of this participant") did.
 *
 * @param aorSha256 SHA-256 (hex) of the address of record as requested: what the audit log keeps
 * @param deleted the recordings it was found in, deleted
 * @param held found in but kept: on legal hold
 * @param live found in a session still recording: not deleted; ask again once it ended
 * @param notSearchable recordings whose participants could not be read (an encrypted or missing
 *     session.json): neither deleted nor known to be clear of the participant
 */
public record ErasureReport(
    String aorSha256,
    List<ArchivedRecording> deleted,
    List<ArchivedRecording> held,
    List<ArchivedRecording> live,
    List<NotSearchable> notSearchable) {

  public ErasureReport {
    deleted = List.copyOf(deleted);
    held = List.copyOf(held);
    live = List.copyOf(live);
    notSearchable = List.copyOf(notSearchable);
  }

  /** A recording that could not be searched, and why. */
  public record NotSearchable(String session, String day, String why) {}
}
