package io.siprec.srs.admin.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The one door to the console and the API: a login form (then a session cookie) for browsers, HTTP
 * Basic for scripts. Every password check goes through the throttle; no outcome says whether the
 * user name or the password was wrong.
 *
 * <p>A password check costs a deliberate fraction of a second of CPU (PBKDF2) on the box that also
 * carries the media. So at most {@link #concurrentChecksFor} of them run at once (one on a machine
 * with fewer than 4 cores, else two); an attempt beyond them is answered {@link Outcome#BUSY} at
 * once rather than queued, and a flood of logins keeps at most that many cores busy hashing. A
 * script that sends Basic credentials with every request would pay for a check each time, so a
 * successful Basic header is remembered for {@link #BASIC_REMEMBERED}, by digest only.
 */
public final class AdminAccess {
  static final Duration BASIC_REMEMBERED = Duration.ofMinutes(1);

  /** What a caller is told to wait when every check slot is taken: one check's time, rounded up. */
  static final Duration BUSY_RETRY = Duration.ofSeconds(1);

  private static final int MAX_REMEMBERED = 100;

  private final AdminCredentials credentials;
  private final PasswordCheck passwordCheck;
  private final LoginThrottle throttle;
  private final LoginSessions sessions;
  private final Clock clock;
  private final Semaphore checkSlots;
  private final Map<String, Instant> rememberedBasic = new LinkedHashMap<>();

  /** THROTTLED: too many failures from this address or for this user; BUSY: no check slot free. */
  public enum Outcome {
    GRANTED,
    DENIED,
    THROTTLED,
    BUSY
  }

  /**
   * @param retryAfter how long to wait, when throttled or busy
   */
  public record Attempt(Outcome outcome, Duration retryAfter) {
    public boolean granted() {
      return outcome == Outcome.GRANTED;
    }
  }

  /** The costly part of a login, apart so that tests can watch how many run and when. */
  @FunctionalInterface
  interface PasswordCheck {
    boolean verify(String user, char[] password);
  }

  public AdminAccess(AdminCredentials credentials, LoginThrottle throttle, Clock clock) {
    this(
        credentials,
        credentials::verify,
        throttle,
        clock,
        concurrentChecksFor(Runtime.getRuntime().availableProcessors()));
  }

  /** Password checks that may run at once: the media box has few cores to spare. */
  static int concurrentChecksFor(int processors) {
    return processors < 4 ? 1 : 2;
  }

  AdminAccess(
      AdminCredentials credentials,
      PasswordCheck passwordCheck,
      LoginThrottle throttle,
      Clock clock,
      int concurrentChecks) {
    this.credentials = credentials;
    this.passwordCheck = passwordCheck;
    this.throttle = throttle;
    this.sessions = new LoginSessions(clock);
    this.clock = clock;
    this.checkSlots = new Semaphore(concurrentChecks);
  }

  /**
   * The login form: on success, {@link #openSession} gives the cookie.
   *
   * @param clientAddress the client's address as the web layer established it (behind a trusted
   *     proxy, the forwarded one)
   */
  public Attempt login(String clientAddress, String user, char[] password) {
    LoginThrottle.Reservation turn = throttle.reserve(clientAddress, user);
    if (!turn.granted()) {
      return new Attempt(Outcome.THROTTLED, turn.retryAfter());
    }
    if (!checkSlots.tryAcquire()) {
      turn.abandoned();
      return new Attempt(Outcome.BUSY, BUSY_RETRY);
    }
    try {
      if (passwordCheck.verify(user, password)) {
        turn.succeeded();
        return new Attempt(Outcome.GRANTED, Duration.ZERO);
      }
      turn.failed();
      return new Attempt(Outcome.DENIED, Duration.ZERO);
    } finally {
      checkSlots.release();
      turn.abandoned(); // only if neither of the above was reached (the check threw)
    }
  }

  /** An {@code Authorization} header value ({@code Basic <base64 user:password>}). */
  public Attempt basic(String clientAddress, String authorization) {
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
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // Nothing to hash, but still a failure of this address: count it under the same rules.
      LoginThrottle.Reservation turn = throttle.reserve(clientAddress, "");
      if (!turn.granted()) {
        return new Attempt(Outcome.THROTTLED, turn.retryAfter());
      }
      turn.failed();
      return new Attempt(Outcome.DENIED, Duration.ZERO);
    }
    int colon = decoded.indexOf(':');
    String user = colon < 0 ? decoded : decoded.substring(0, colon);
    char[] password = colon < 0 ? new char[0] : decoded.substring(colon + 1).toCharArray();
    try {
      Attempt attempt = login(clientAddress, user, password);
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
