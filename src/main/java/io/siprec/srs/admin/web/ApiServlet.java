package io.siprec.srs.admin.web;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.admin.ConsoleJson;
import io.siprec.srs.session.RecordingSessionId;
import java.io.IOException;
import java.util.Optional;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The JSON API under {@code /api} (docs/admin.md): {@code sessions}, {@code sessions/recent},
 * {@code sessions/<id>}, {@code system}. Read-only, GET only.
 */
public class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final int DEFAULT_LIMIT = 1000;

  private transient AdminConsole console;

  @Override
  public void init() throws ServletException {
    console = AdminWeb.of(getServletContext()).console();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    if (path.equals("/sessions")) {
      ok(resp, console.liveSessionsJson(limit(req)));
    } else if (path.equals("/sessions/recent")) {
      ok(resp, console.recentSessionsJson(limit(req)));
    } else if (path.startsWith("/sessions/")) {
      Optional<String> session =
          sessionId(path.substring("/sessions/".length())).flatMap(console::sessionJson);
      if (session.isPresent()) {
        ok(resp, session.get());
      } else {
        Responses.send(
            resp, 404, Responses.JSON, ConsoleJson.error("no such session, live or recent"));
      }
    } else if (path.equals("/system")) {
      ok(resp, console.systemJson());
    } else {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("unknown API path"));
    }
  }

  private static Optional<RecordingSessionId> sessionId(String text) {
    try {
      return Optional.of(new RecordingSessionId(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int limit(HttpServletRequest req) {
    String limit = req.getParameter("limit");
    if (limit == null || !limit.matches("[0-9]{1,6}")) {
      return DEFAULT_LIMIT;
    }
    return Math.max(1, Integer.parseInt(limit));
  }

  private static void ok(HttpServletResponse resp, String json) throws IOException {
    Responses.send(resp, 200, Responses.JSON, json);
  }
}
