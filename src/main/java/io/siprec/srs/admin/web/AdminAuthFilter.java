package io.siprec.srs.admin.web;

import io.siprec.srs.admin.ConsoleJson;
import io.siprec.srs.admin.auth.AdminAccess;
import java.io.IOException;
import java.util.Set;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Every HTTP request to the webapp passes here. Open: {@code /health}, the login page, logout and
 * the stylesheet, and {@code /metrics} when {@code srs.admin.open-metrics} is true. Everything else
 * needs the login cookie or HTTP Basic credentials; a browser without them is sent to the login
 * page, a script gets 401 (429 with Retry-After while its address or user is throttled, 503 with
 * Retry-After while every password-check slot is taken), and all get 503 while the console is
 * locked. Works out the client's address and scheme once ({@link ClientOrigin}: forwarding headers
 * only from a trusted proxy). Sets the headers that keep the console's pages from being framed,
 * sniffed or fed foreign scripts.
 */
public class AdminAuthFilter implements Filter {
  private static final Set<String> OPEN =
      Set.of("/health", "/login", "/logout", "/assets/console.css");

  /** Only our own files: call data never runs as script, even if it looked like some. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; media-src 'self'; "
          + "img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private AdminWeb web;

  @Override
  public void init(FilterConfig config) throws ServletException {
    web = AdminWeb.of(config.getServletContext());
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest req = (HttpServletRequest) request;
    HttpServletResponse resp = (HttpServletResponse) response;
    resp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    resp.setHeader("X-Content-Type-Options", "nosniff");
    resp.setHeader("X-Frame-Options", "DENY");
    resp.setHeader("Referrer-Policy", "no-referrer");

    String path = path(req);
    AdminAccess access = web.access();
    boolean readsOnlyFigures =
        path.equals("/health") || (path.equals("/metrics") && web.metricsOpen());
    if (access == null && !readsOnlyFigures) {
      Responses.send(
          resp,
          503,
          Responses.JSON,
          ConsoleJson.error("admin console locked: no credentials; see the log"));
      return;
    }
    if (readsOnlyFigures || OPEN.contains(path)) {
      chain.doFilter(request, response);
      return;
    }
    if (access.hasSession(cookie(req))) {
      chain.doFilter(request, response);
      return;
    }
    String authorization = req.getHeader("Authorization");
    if (authorization != null) {
      AdminAccess.Attempt attempt =
          access.basic(ClientOrigin.of(req, web.trustedProxies()).address(), authorization);
      if (attempt.granted()) {
        chain.doFilter(request, response);
        return;
      }
      if (attempt.outcome() == AdminAccess.Outcome.THROTTLED) {
        resp.setHeader("Retry-After", retryAfterSeconds(attempt));
        Responses.send(
            resp,
            429,
            Responses.JSON,
            ConsoleJson.error("too many failed logins: try again later"));
        return;
      }
      if (attempt.outcome() == AdminAccess.Outcome.BUSY) {
        resp.setHeader("Retry-After", retryAfterSeconds(attempt));
        Responses.send(
            resp,
            503,
            Responses.JSON,
            ConsoleJson.error("busy checking other logins: try again later"));
        return;
      }
    }
    if (wantsPage(req, path)) {
      Responses.redirect(resp, req.getContextPath() + "/login");
      return;
    }
    if (req.getHeader(AdminWeb.CONSOLE_HEADER) == null) {
      resp.setHeader("WWW-Authenticate", "Basic realm=\"SRS admin\", charset=\"UTF-8\"");
    }
    Responses.send(resp, 401, Responses.JSON, ConsoleJson.error("login required"));
  }

  /** Whole seconds, at least 1 (RFC 7231 section 7.1.3: delay-seconds). */
  static String retryAfterSeconds(AdminAccess.Attempt attempt) {
    long millis = attempt.retryAfter().toMillis();
    return String.valueOf(Math.max(1, (millis + 999) / 1000));
  }

  /** The path inside the webapp, e.g. {@code /api/system}. */
  static String path(HttpServletRequest req) {
    String info = req.getPathInfo();
    return req.getServletPath() + (info == null ? "" : info);
  }

  private static boolean wantsPage(HttpServletRequest req, String path) {
    return req.getMethod().equals("GET")
        && !path.startsWith("/api/")
        && !path.equals("/metrics")
        && req.getHeader(AdminWeb.CONSOLE_HEADER) == null;
  }

  static String cookie(HttpServletRequest req) {
    Cookie[] cookies = req.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (c.getName().equals(AdminWeb.COOKIE)) {
          return c.getValue();
        }
      }
    }
    return null;
  }

  @Override
  public void destroy() {}
}
