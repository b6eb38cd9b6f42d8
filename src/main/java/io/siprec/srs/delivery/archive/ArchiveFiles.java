package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How a session folder's files are made: {@link PlainArchiveFile} as they are, or {@link
 * ArchiveEncryption} encrypted with the current key-encryption key. {@code archive.json} is
 * neither: it holds no personal data and stays readable for the tools that look for unfinished
 * sessions.
 */
interface ArchiveFiles {
  /** A new file {@code name} in {@code dir} (a plain one replaces a file of that name). */
  ArchiveFile create(Path dir, String name) throws IOException;

  /**
   * The file {@code name} in {@code dir} for appending: a plain one continues a file of that name
   * left by an earlier folder of the same session; an encrypted one is new.
   */
  ArchiveFile appendTo(Path dir, String name) throws IOException;

  /** Files as they are. */
  ArchiveFiles PLAIN =
      new ArchiveFiles() {
        @Override
        public ArchiveFile create(Path dir, String name) throws IOException {
          return PlainArchiveFile.create(dir.resolve(name));
        }

        @Override
        public ArchiveFile appendTo(Path dir, String name) throws IOException {
          return PlainArchiveFile.appendTo(dir.resolve(name));
        }
      };
}
