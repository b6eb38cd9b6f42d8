package io.siprec.srs.delivery.archive;

import io.siprec.srs.session.SessionSnapshot;
import java.nio.file.Path;
import java.util.Map;

/** The sessions the writer still writes: retention and erasure never delete them. */
interface LiveSessions {
  boolean isLive(Path sessionDir);

  /** Each live session's folder with its latest snapshot (none yet: not in the map). */
  Map<Path, SessionSnapshot> snapshots();
}
