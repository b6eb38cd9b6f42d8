package io.siprec.srs.recording;

import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import java.util.Collection;

/**
 * Where the core counts what became of recording requests and their metadata (read by the console).
 */
public interface SetupCounters {
  /** A recording session was set up: our 200 OK to its INVITE went out. */
  void setUp();

  /**
   * @return how many of this kind so far, this one included
   */
  long metadataProblem(MetadataProblem.Kind kind);

  void metadataRepaired(Collection<MetadataRepair> repairs);
}
