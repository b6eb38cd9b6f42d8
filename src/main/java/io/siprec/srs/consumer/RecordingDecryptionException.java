package io.siprec.srs.consumer;

import java.nio.file.Path;

/**
 * An encrypted recording that cannot be decrypted: a wrong or unknown key, an altered header, a
 * segment altered, reordered or dropped. Says which file and where; checked, because the caller
 * must decide what to do with what it has already written of that file.
 */
public final class RecordingDecryptionException extends Exception {
  private static final long serialVersionUID = 1L;

  /** {@link #segment()} of a problem in the header. */
  public static final long HEADER = -1;

  private final transient Path file;
  private final long segment;

  RecordingDecryptionException(Path file, long segment, String problem) {
    super(file + ": " + (segment == HEADER ? "header" : "segment " + segment) + ": " + problem);
    this.file = file;
    this.segment = segment;
  }

  public Path file() {
    return file;
  }

  /** The segment (0 is the first) where decryption stopped, or {@link #HEADER}. */
  public long segment() {
    return segment;
  }
}
