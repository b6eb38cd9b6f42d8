package io.siprec.srs.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logged-in browsers: a random token in a cookie stands for a successful login, so the password is
 * checked once, not on every poll. A token lapses after {@link #IDLE} without use (the console
 * polls every second, so an open tab stays in) and {@link #LIFETIME} after login whatever happens.
 * Only a digest of each token is kept: a heap dump holds no usable cookie.
 */
public final class LoginSessions {
  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration LIFETIME = Duration.ofHours(12);
  private static final int MAX_SESSIONS = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Clock clock;
  private final Map<String, Login> byDigest = new LinkedHashMap<>();

  private record Login(String user, Instant openedAt, Instant lastUsed) {}

  public LoginSessions(Clock clock) {
    this.clock = clock;
  }

  /**
   * @return the new token, to be set as the browser's cookie
   */
  public synchronized String open(String user) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Instant now = clock.instant();
    expire(now);
    if (byDigest.size() >= MAX_SESSIONS) {
      Iterator<String> oldest = byDigest.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    byDigest.put(digest(token), new Login(user, now, now));
    return token;
  }

  /** Whether the token is a live login; using it keeps it from lapsing for {@link #IDLE}. */
  public synchronized boolean use(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    String key = digest(token);
    Login login = byDigest.get(key);
    Instant now = clock.instant();
    if (login == null || lapsed(login, now)) {
      byDigest.remove(key);
      return false;
    }
    byDigest.put(key, new Login(login.user(), login.openedAt(), now));
    return true;
  }

  public synchronized void close(String token) {
    if (token != null) {
      byDigest.remove(digest(token));
    }
  }

  public synchronized int open() {
    expire(clock.instant());
    return byDigest.size();
  }

  private void expire(Instant now) {
    byDigest.values().removeIf(login -> lapsed(login, now));
  }

  private static boolean lapsed(Login login, Instant now) {
    return now.isAfter(login.lastUsed().plus(IDLE)) || now.isAfter(login.openedAt().plus(LIFETIME));
  }

  static String digest(String secret) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
