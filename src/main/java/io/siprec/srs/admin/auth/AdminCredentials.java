package io.siprec.srs.admin.auth;

import io.siprec.srs.config.GeneratedPassword;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the console: one user name and a hashed password, from {@code srs.admin.user} and
 * {@code srs.admin.password-hash}. With no hash configured the console is not left open: a random
 * password is made once into {@code <runtime dir>/admin-password} (mode 0600) and kept across
 * restarts; the log names the file, never the password.
 */
public final class AdminCredentials {
  private static final Logger LOG = LoggerFactory.getLogger(AdminCredentials.class);
  public static final String GENERATED_FILE = "admin-password";

  private final byte[] user;
  private final PasswordHash hash;

  /** Where the generated password is, or null when the hash was configured. */
  private final Path generatedFile;

  AdminCredentials(String user, PasswordHash hash, Path generatedFile) {
    this.user = user.getBytes(StandardCharsets.UTF_8);
    this.hash = hash;
    this.generatedFile = generatedFile;
  }

  /**
   * @param fallbackDir where to keep a generated password when {@code srs.runtime.dir} is not set
   *     (a WAR in someone else's container: the webapp's private temporary directory)
   */
  public static AdminCredentials from(Settings settings, Path fallbackDir) {
    String user = settings.get(Setting.ADMIN_USER);
    String configured = settings.get(Setting.ADMIN_PASSWORD_HASH);
    if (!configured.isEmpty()) {
      return new AdminCredentials(user, PasswordHash.parse(configured), null);
    }
    String runtime = settings.get(Setting.RUNTIME_DIR);
    Path dir = runtime.isEmpty() ? fallbackDir : Path.of(runtime);
    if (dir == null) {
      throw new IllegalStateException(
          "srs.admin.password-hash is empty and there is no runtime directory to keep "
              + "a generated password in: set one of srs.admin.password-hash, srs.runtime.dir");
    }
    Path file = dir.toAbsolutePath().resolve(GENERATED_FILE);
    char[] password = generatedPassword(file);
    // The generated password is 160 random bits: iterations add nothing against guessing it, so
    // the floor keeps each login quick.
    PasswordHash hash = PasswordHash.of(password, PasswordHash.MIN_ITERATIONS);
    Arrays.fill(password, '\0');
    LOG.info(
        "admin console: srs.admin.password-hash is not set; the password of user '{}' is in {} "
            + "(readable by this user only)",
        user,
        file);
    return new AdminCredentials(user, hash, file);
  }

  /**
   * Whether this is the user and the password. Both are always checked, in time that does not
   * depend on where a guess differs.
   */
  public boolean verify(String userName, char[] password) {
    boolean userMatches = MessageDigest.isEqual(user, userName.getBytes(StandardCharsets.UTF_8));
    boolean passwordMatches = hash.matches(password);
    return userMatches & passwordMatches;
  }

  public String user() {
    return new String(user, StandardCharsets.UTF_8);
  }

  /** The file holding a generated password, or null when the hash came from the settings. */
  public Path generatedFile() {
    return generatedFile;
  }

  private static char[] generatedPassword(Path file) {
    return GeneratedPassword.readOrCreate(file, "admin password");
  }
}
