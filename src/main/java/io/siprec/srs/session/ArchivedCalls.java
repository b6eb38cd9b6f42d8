package io.siprec.srs.session;

import java.util.List;

/**
 * Read-only port to the archive's index of ended sessions, for the console's search: what each
 * session folder on disk holds, without reading (or decrypting) the folder.
 */
public interface ArchivedCalls {
  /** The indexed sessions, oldest first; empty while the archive is off. */
  List<CallSummary> archivedCalls();

  /** How many sessions the index holds at most; older ones are left out of search beyond it. */
  int indexCapacity();

  /** Sessions on disk left out of the index at start because it was full. */
  long leftOutOfIndex();
}
