package io.siprec.srs.session;

/** Where decoded audio goes (the JMS feed). */
public interface AudioChunkSink {

  /**
   * Hands over a chunk without blocking. Called on media threads: an implementation must return at
   * once, queueing or dropping (and counting) the chunk.
   */
  void accept(AudioChunk chunk);
}
