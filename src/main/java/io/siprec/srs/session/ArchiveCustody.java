package io.siprec.srs.session;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Port to what the archive keeps and deletes, for the admin API: legal holds, erasure requests and
 * an immediate retention sweep. Every change is written to the archive's audit log with who asked.
 *
 * <p>Bad input (a blank reason, a control character) throws {@link IllegalArgumentException}; an
 * archive that is off throws {@link IllegalStateException}.
 */
public interface ArchiveCustody {
  /**
   * Puts a legal hold on a recording, archived or still live.
   *
   * @throws NoSuchElementException when the archive has no such session
   * @throws IllegalStateException when it is held already (or the archive is off)
   */
  LegalHold hold(RecordingSessionId session, String by, String why);

  /**
   * Releases a recording's legal hold.
   *
   * @return the hold released
   * @throws NoSuchElementException when it is not held
   */
  LegalHold release(RecordingSessionId session, String by, String why);

  Optional<LegalHold> holdOf(RecordingSessionId session);

  /** Every hold, oldest first. */
  List<LegalHold> holds();

  /**
   * Deletes every recording a participant with this address of record appears in, except held and
   * live ones, and reports each.
   *
   * @param request the request's reference (a ticket number), for the audit log
   */
  ErasureReport eraseParticipant(String aor, String by, String request);

  /** A retention sweep now (one runs periodically anyway): the recordings it deleted. */
  List<ArchivedRecording> sweepNow();
}
