package io.siprec.srs.admin.web;

import io.siprec.srs.admin.auth.AdminAccess;
import io.siprec.srs.config.AddressRanges;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /login}: the form (GET) and the password check (POST), which sets the session cookie and
 * sends the browser to the console. {@code /logout} (POST) ends the login. A failed attempt is
 * logged with the client's address only: a user name typed wrong may be someone's password. The
 * client's address and whether it came over TLS are the filter's {@link ClientOrigin}: behind a
 * trusted TLS-terminating proxy the cookie is still Secure and the throttle sees the client.
 */
public class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);
  private static final String MESSAGE_SLOT = "<!--message-->";

  private transient AdminAccess access;
  private transient AddressRanges trustedProxies;
  private String page;

  @Override
  public void init() throws ServletException {
    AdminWeb web = AdminWeb.of(getServletContext());
    access = web.access(); // null while locked: the filter answers then
    trustedProxies = web.trustedProxies();
    try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/console/login.html")) {
      if (in == null) {
        throw new ServletException("WEB-INF/console/login.html is missing from the WAR");
      }
      page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ServletException(e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    if (AdminAuthFilter.path(req).equals("/logout")) {
      Responses.redirect(resp, req.getContextPath() + "/login");
      return;
    }
    // Fixed texts only: nothing from the request is written into the page.
    String message = "";
    String wait = req.getParameter("wait");
    if (wait != null && wait.matches("[0-9]{1,3}")) {
      message =
          "<p class=\"login-error\" role=\"alert\">Too many failed attempts. Try again in "
              + wait
              + " s.</p>";
    } else if (req.getParameter("busy") != null) {
      message =
          "<p class=\"login-error\" role=\"alert\">The server is busy checking other logins. Try again in a "
              + "moment.</p>";
    } else if (req.getParameter("failed") != null) {
      message = "<p class=\"login-error\" role=\"alert\">Wrong user name or password.</p>";
    } else if (req.getParameter("out") != null) {
      message = "<p class=\"login-note\">You are logged out.</p>";
    }
    Responses.send(resp, 200, "text/html;charset=UTF-8", page.replace(MESSAGE_SLOT, message));
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String base = req.getContextPath();
    ClientOrigin origin = ClientOrigin.of(req, trustedProxies);
    String secure = origin.secure() ? "; Secure" : "";
    if (AdminAuthFilter.path(req).equals("/logout")) {
      access.closeSession(AdminAuthFilter.cookie(req));
      resp.addHeader(
          "Set-Cookie",
          AdminWeb.COOKIE + "=; Path=" + base + "/; Max-Age=0; HttpOnly; SameSite=Strict" + secure);
      Responses.redirect(resp, base + "/login?out");
      return;
    }
    req.setCharacterEncoding("UTF-8");
    String user = req.getParameter("user");
    String password = req.getParameter("password");
    char[] secret = password == null ? new char[0] : password.toCharArray();
    AdminAccess.Attempt attempt;
    try {
      attempt = access.login(origin.address(), user == null ? "" : user, secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
    switch (attempt.outcome()) {
      case GRANTED -> {
        resp.addHeader(
            "Set-Cookie",
            AdminWeb.COOKIE
                + "="
                + access.openSession()
                + "; Path="
                + base
                + "/; HttpOnly; SameSite=Strict"
                + secure);
        LOG.info("admin console: login from {}", origin.address());
        Responses.redirect(resp, base + "/");
      }
      case THROTTLED ->
          Responses.redirect(
              resp, base + "/login?wait=" + AdminAuthFilter.retryAfterSeconds(attempt));
      case BUSY -> Responses.redirect(resp, base + "/login?busy");
      default -> {
        LOG.warn("admin console: failed login from {}", origin.address());
        Responses.redirect(resp, base + "/login?failed");
      }
    }
  }
}
