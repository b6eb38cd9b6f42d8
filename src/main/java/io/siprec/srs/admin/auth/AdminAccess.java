package io.siprec.srs.admin.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one door to the console and the API: a login form (then a session cookie) for browsers,
 * HTTP Basic for scripts. Every password check goes through the throttle; no outcome says whether
 * the user name or the password was wrong.
 *
 * <p>A password check costs a deliberate fraction of a second (PBKDF2). A script that sends Basic
 * credentials with every request would pay it each time, so a successful Basic header is
 * remembered for {@link #BASIC_REMEMBERED}, by digest only.
 */
public final class AdminAccess {
  static final Duration BASIC_REMEMBERED = Duration.ofMinutes(1);
  private static final int MAX_REMEMBERED = 100;

  private final AdminCredentials credentials;
  private final LoginThrottle throttle;
  private final LoginSessions sessions;
  private final Clock clock;
  private final Map<String, Instant> rememberedBasic = new LinkedHashMap<>();

  public enum Outcome { GRANTED, DENIED, THROTTLED }

  /** @param retryAfter how long to wait, when throttled */
  public record Attempt(Outcome outcome, Duration retryAfter) {
    public boolean granted() {
      return outcome == Outcome.GRANTED;
    }
  }

  public AdminAccess(AdminCredentials credentials, LoginThrottle throttle, Clock clock) {
    this.credentials = credentials;
    this.throttle = throttle;
    this.sessions = new LoginSessions(clock);
    this.clock = clock;
  }

  /** The login form: on success, {@link #openSession} gives the cookie. */
  public Attempt login(String remoteAddress, String user, char[] password) {
    Duration wait = throttle.waitFor(remoteAddress);
    if (!wait.isZero()) {
      return new Attempt(Outcome.THROTTLED, wait);
    }
    if (credentials.verify(user, password)) {
      throttle.succeeded(remoteAddress);
      return new Attempt(Outcome.GRANTED, Duration.ZERO);
    }
    throttle.failed(remoteAddress);
    return new Attempt(Outcome.DENIED, Duration.ZERO);
  }

  /** An {@code Authorization} header value ({@code Basic <base64 user:password>}). */
  public Attempt basic(String remoteAddress, String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return new Attempt(Outcome.DENIED, Duration.ZERO);
    }
    String key = LoginSessions.digest(authorization);
    Instant now = clock.instant();
    synchronized (rememberedBasic) {
      Instant until = rememberedBasic.get(key);
      if (until != null && now.isBefore(until)) {
        return new Attempt(Outcome.GRANTED, Duration.ZERO);
      }
      rememberedBasic.remove(key);
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throttle.failed(remoteAddress);
      return new Attempt(Outcome.DENIED, Duration.ZERO);
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    char[] password = colon < 0 ? new char[0] : decoded.substring(colon + 1).toCharArray();
    try {
      Attempt attempt = login(remoteAddress, user, password);
      if (attempt.granted()) {
        synchronized (rememberedBasic) {
          rememberedBasic.values().removeIf(now::isAfter);
          if (rememberedBasic.size() < MAX_REMEMBERED) {
            rememberedBasic.put(key, now.plus(BASIC_REMEMBERED));
          }
        }
      }
      return attempt;
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  public String openSession() {
    return sessions.open(credentials.user());
  }

  public boolean hasSession(String token) {
    return sessions.use(token);
  }

  public void closeSession(String token) {
    sessions.close(token);
  }

  public LoginThrottle throttle() {
    return throttle;
  }

  public AdminCredentials credentials() {
    return credentials;
  }
}
