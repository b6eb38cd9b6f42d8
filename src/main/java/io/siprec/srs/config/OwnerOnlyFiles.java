package io.siprec.srs.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes files that may hold a secret (a rendered configuration with a keystore password) readable
 * and writable by their owner only from the first byte: the content goes into a new file created
 * with mode 0600, which then replaces the target in one rename. Never written then narrowed, and
 * never written into an existing file whose mode or open handles others may hold.
 */
public final class OwnerOnlyFiles {
  public static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private static final SecureRandom RANDOM = new SecureRandom();

  private OwnerOnlyFiles() {}

  public static void write(Path target, String content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp =
        dir.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + ".new");
    ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
    try {
      // One channel from creation to the last byte: the mode is set by the open(2) that makes
      // the file (O_CREAT|O_EXCL, 0600), and nothing can swap the file in between.
      try (SeekableByteChannel out = create(temp)) {
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static SeekableByteChannel create(Path file) throws IOException {
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      return Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException notPosix) {
      // Not a POSIX file system: the runtime directory's own permissions protect it.
      return Files.newByteChannel(file, options);
    }
  }
}
