package io.siprec.srs.session;

import java.nio.file.Path;
import java.util.List;

/** Read-only port to the recording archive's figures, for the console, /health and the metrics. */
public interface ArchiveFigures {
  boolean isEnabled();

  /** The archive's directory; null while it is off. */
  Path root();

  long chunksWritten();

  /** Chunks the archive's backlog had no room for. */
  long chunksDropped();

  /** Failed writes. */
  long writeErrors();

  /** Sessions whose folder was closed with its summary. */
  long sessionsArchived();

  /** Chunks and events waiting for the disk. */
  int backlog();

  /** The last write failure (empty if none). */
  String lastError();

  /** Free space on the archive's file system at the last check, in bytes; -1 before one. */
  long usableBytes();

  /** The alarms up now (names as /health shows them). */
  List<String> alarms();
}
