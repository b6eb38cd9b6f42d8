package io.siprec.srs.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A password the server makes for itself when the operator set none: 160 random bits, written once
 * into a file of the runtime directory that only the server's user can read (the mode is set when
 * the file is created, so no other user can open it in between), and read back at every later
 * start. Whoever runs the server reads the file; the log only names it.
 */
public final class GeneratedPassword {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedPassword.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private GeneratedPassword() {}

  /**
   * The password in {@code file}, made there first if the file does not exist.
   *
   * @param what what the password is for, for error messages ("admin password")
   */
  public static char[] readOrCreate(Path file, String what) {
    try {
      Files.createDirectories(file.getParent());
      if (!Files.exists(file)) {
        byte[] random = new byte[20];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        try {
          createOwnerOnly(file);
          Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
          return password.toCharArray();
        } catch (FileAlreadyExistsException raced) {
          // another start made it a moment ago: read theirs
        }
      }
      tightenPermissions(file);
      String line = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (line.isEmpty()) {
        throw new IllegalStateException(file + " is empty: delete it to have a new password made");
      }
      return line.toCharArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the generated " + what + " in " + file, e);
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
      file.toFile().setReadable(false, false);
      file.toFile().setReadable(true, true);
    }
  }

  private static void tightenPermissions(Path file) throws IOException {
    try {
      if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
        LOG.warn("{} was readable by others; set to owner read/write only", file);
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    } catch (UnsupportedOperationException notPosix) {
      // nothing to check on this file system
    }
  }
}
