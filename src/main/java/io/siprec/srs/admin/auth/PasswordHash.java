package io.siprec.srs.admin.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A stored password: PBKDF2-HMAC-SHA256 (RFC 8018) with its salt and iteration count in one string,
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>}, so the hash can sit in a
 * settings file or an environment variable and the cost can rise later without breaking old hashes.
 * Only the JDK is needed, so the launcher jar can make one.
 */
public final class PasswordHash {
  public static final String SCHEME = "pbkdf2-sha256";

  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  /** Below this a hash is refused (the settings check holds the same floor). */
  public static final int MIN_ITERATIONS = 100_000;

  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes a password with a fresh random salt. */
  public static PasswordHash of(char[] password, int iterations) {
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException(
          "at least " + MIN_ITERATIONS + " iterations, not " + iterations);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /**
   * Reads the stored form.
   *
   * @throws IllegalArgumentException naming the part that is wrong, never echoing the value
   */
  public static PasswordHash parse(String stored) {
    String[] parts = stored.strip().split(":", -1);
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      throw new IllegalArgumentException("not " + SCHEME + ":<iterations>:<salt>:<hash>");
    }
    int iterations;
    try {
      iterations = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations are not a number");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new IllegalArgumentException("fewer than " + MIN_ITERATIONS + " iterations");
    }
    byte[] salt;
    byte[] hash;
    try {
      salt = Base64.getDecoder().decode(parts[2]);
      hash = Base64.getDecoder().decode(parts[3]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt or hash is not base64");
    }
    if (salt.length < SALT_BYTES || hash.length != HASH_BYTES) {
      throw new IllegalArgumentException(
          "salt shorter than " + SALT_BYTES + " bytes or hash not " + HASH_BYTES);
    }
    return new PasswordHash(iterations, salt, hash);
  }

  /** Whether the password is the one hashed here; takes the same time wherever it differs. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  public int iterations() {
    return iterations;
  }

  @Override
  public String toString() {
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME
        + ":"
        + iterations
        + ":"
        + b64.encodeToString(salt)
        + ":"
        + b64.encodeToString(hash);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
