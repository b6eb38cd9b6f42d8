package io.siprec.srs.session;

/**
 * Read-only port to the media engine's figures, for the console and the metrics: they read these,
 * never the engine itself.
 */
public interface MediaFigures {
  /**
   * Every stream's figures since start. Reads the streams' counters, never their threads: cheap
   * enough for a console that asks once a second.
   */
  MediaTotals totals();
}
