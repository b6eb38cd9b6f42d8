package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One file of a session folder as the writer fills it: bytes are appended, one call per chunk,
 * event or snapshot. A plain file may also have bytes rewritten in place (a WAV's sizes after each
 * chunk); an encrypted one is append-only.
 *
 * <p>Writer-thread only.
 */
interface ArchiveFile extends AutoCloseable {
  /** Where it is on disk (an encrypted file's name ends in {@code .enc}). */
  Path path();

  /** Appends what remains of {@code bytes} (consumed); encrypted, as one segment per call. */
  void append(ByteBuffer bytes) throws IOException;

  /** Whether {@link #rewrite} works: plain files yes, encrypted files never go back. */
  boolean rewritable();

  /** Overwrites bytes already written, at {@code position} (plain files only). */
  void rewrite(long position, ByteBuffer bytes) throws IOException;

  /** Ends the file: an encrypted file gets its final segment, which says it is complete. */
  @Override
  void close() throws IOException;
}
