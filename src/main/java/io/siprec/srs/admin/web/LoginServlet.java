package io.siprec.srs.admin.web;

import io.siprec.srs.admin.auth.AdminAccess;
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
 * logged with the client's address only: a user name typed wrong may be someone's password.
 */
public class LoginServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LoginServlet.class);
  private static final String MESSAGE_SLOT = "<!--message-->";

  private transient AdminAccess access;
  private String page;

  @Override
  public void init() throws ServletException {
    access = AdminWeb.of(getServletContext()).access(); // null while locked: the filter answers then
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
      resp.sendRedirect(req.getContextPath() + "/login");
      return;
    }
    // Fixed texts only: nothing from the request is written into the page.
    String message = "";
    String wait = req.getParameter("wait");
    if (wait != null && wait.matches("[0-9]{1,3}")) {
      message = "<p class=\"login-error\" role=\"alert\">Too many failed attempts. Try again in " + wait
          + " s.</p>";
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
    if (AdminAuthFilter.path(req).equals("/logout")) {
      access.closeSession(AdminAuthFilter.cookie(req));
      resp.addHeader("Set-Cookie", AdminWeb.COOKIE + "=; Path=" + base + "/; Max-Age=0; HttpOnly; SameSite=Strict");
      resp.sendRedirect(base + "/login?out");
      return;
    }
    req.setCharacterEncoding("UTF-8");
    String user = req.getParameter("user");
    String password = req.getParameter("password");
    char[] secret = password == null ? new char[0] : password.toCharArray();
    AdminAccess.Attempt attempt;
    try {
      attempt = access.login(req.getRemoteAddr(), user == null ? "" : user, secret);
    } finally {
      Arrays.fill(secret, '\0');
    }
    switch (attempt.outcome()) {
      case GRANTED -> {
        resp.addHeader("Set-Cookie", AdminWeb.COOKIE + "=" + access.openSession() + "; Path=" + base
            + "/; HttpOnly; SameSite=Strict" + (req.isSecure() ? "; Secure" : ""));
        LOG.info("admin console: login from {}", req.getRemoteAddr());
        resp.sendRedirect(base + "/");
      }
      case THROTTLED -> resp.sendRedirect(base + "/login?wait=" + Math.max(1, attempt.retryAfter().toSeconds()));
      default -> {
        LOG.warn("admin console: failed login from {}", req.getRemoteAddr());
        resp.sendRedirect(base + "/login?failed");
      }
    }
  }
}
