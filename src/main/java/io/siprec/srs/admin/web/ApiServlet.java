package io.siprec.srs.admin.web;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.admin.CallQuery;
import io.siprec.srs.admin.ConsoleJson;
import io.siprec.srs.admin.CustodyJson;
import io.siprec.srs.session.ArchiveCustody;
import io.siprec.srs.session.RecordingSessionId;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api} (docs/admin.md): {@code sessions}, {@code sessions/recent},
 * {@code sessions/<id>}, {@code calls} (search), {@code system}, {@code
 * ladder?session=<id>|refused=<Call-ID>} to read; and the archive's custody (docs/recordings.md):
 * {@code GET holds}, {@code GET sessions/<id>/hold}, and to change, {@code POST} with a JSON body
 * to {@code sessions/<id>/hold}, {@code sessions/<id>/release}, {@code erasures}, {@code
 * archive/sweep}. A POST must say {@code Content-Type: application/json}: a form on another site
 * cannot send that without a CORS preflight, which is never granted, so a logged-in browser cannot
 * be made to hold or erase from elsewhere (the cookie is SameSite=Strict as well).
 */
public class ApiServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
  private static final int DEFAULT_LIMIT = 1000;

  /** Largest POST body read: a reason and a reference, not documents. */
  static final int MAX_BODY_BYTES = 16 * 1024;

  private static final Pattern SESSION_ACTION = Pattern.compile("/sessions/([^/]+)/(hold|release)");

  private transient AdminConsole console;
  private transient AdminWeb web;

  @Override
  public void init() throws ServletException {
    web = AdminWeb.of(getServletContext());
    console = web.console();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    Matcher action = SESSION_ACTION.matcher(path);
    if (path.equals("/holds")) {
      custody(resp, 200, () -> CustodyJson.holds(console.custody().holds()));
    } else if (action.matches() && action.group(2).equals("hold")) {
      Optional<RecordingSessionId> id = sessionId(action.group(1));
      if (id.isEmpty()) {
        Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("not a session id"));
        return;
      }
      custody(resp, 200, () -> CustodyJson.holdState(console.custody().holdOf(id.get())));
    } else if (path.equals("/calls")) {
      findCalls(req, resp);
    } else if (path.equals("/sessions")) {
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
    } else if (path.equals("/ladder")) {
      ladder(req, resp);
    } else {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("unknown API path"));
    }
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    String type = req.getContentType() == null ? "" : req.getContentType();
    if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      Responses.send(
          resp, 415, Responses.JSON, ConsoleJson.error("send Content-Type: application/json"));
      return;
    }
    JsonObject body;
    try {
      body = body(req);
    } catch (IllegalArgumentException e) {
      Responses.send(resp, 400, Responses.JSON, ConsoleJson.error(e.getMessage()));
      return;
    }
    ArchiveCustody archive = console.custody();
    String user = web.access().credentials().user();
    Matcher action = SESSION_ACTION.matcher(path);
    if (action.matches()) {
      Optional<RecordingSessionId> id = sessionId(action.group(1));
      if (id.isEmpty()) {
        Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("not a session id"));
        return;
      }
      String why = text(body, "why");
      if (action.group(2).equals("hold")) {
        custody(resp, 201, () -> CustodyJson.hold(archive.hold(id.get(), user, why), true));
      } else {
        custody(resp, 200, () -> CustodyJson.hold(archive.release(id.get(), user, why), false));
      }
    } else if (path.equals("/erasures")) {
      String request = text(body, "request");
      custody(
          resp,
          200,
          () ->
              CustodyJson.erasure(
                  request, archive.eraseParticipant(text(body, "aor"), user, request)));
    } else if (path.equals("/archive/sweep")) {
      custody(resp, 200, () -> CustodyJson.swept(archive.sweepNow()));
    } else {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("unknown API path"));
    }
  }

  /**
   * {@code GET /api/ladder?session=<id>} or {@code ?refused=<Call-ID>}: a query parameter, as a
   * Call-ID may hold any character a path would trip on.
   */
  private void ladder(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String session = req.getParameter("session");
    String refused = req.getParameter("refused");
    Optional<String> ladder;
    if (session != null) {
      ladder = sessionId(session).flatMap(console::sessionLadderJson);
    } else if (refused != null) {
      ladder = console.refusalLadderJson(refused);
    } else {
      Responses.send(
          resp, 400, Responses.JSON, ConsoleJson.error("give session=<id> or refused=<Call-ID>"));
      return;
    }
    if (ladder.isPresent()) {
      ok(resp, ladder.get());
    } else {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("no SIP ladder kept for that"));
    }
  }

  /** {@code GET calls?q=...}: find a call (docs/admin.md); a query it cannot read gets 400. */
  private void findCalls(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    CallQuery query;
    try {
      query = CallQuery.parse(req::getParameter);
    } catch (IllegalArgumentException e) {
      Responses.send(resp, 400, Responses.JSON, ConsoleJson.error(e.getMessage()));
      return;
    }
    ok(resp, console.findCallsJson(query));
  }

  /** Runs a custody command and answers with its JSON, or with the error it gave. */
  private static void custody(HttpServletResponse resp, int status, Supplier<String> command)
      throws IOException {
    String json;
    try {
      json = command.get();
    } catch (IllegalArgumentException e) {
      Responses.send(resp, 400, Responses.JSON, ConsoleJson.error(e.getMessage()));
      return;
    } catch (NoSuchElementException e) {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error(e.getMessage()));
      return;
    } catch (IllegalStateException e) {
      Responses.send(resp, 409, Responses.JSON, ConsoleJson.error(e.getMessage()));
      return;
    } catch (UncheckedIOException e) {
      LOG.error("archive custody command failed: {}", e.toString());
      Responses.send(resp, 500, Responses.JSON, ConsoleJson.error(e.getMessage()));
      return;
    }
    Responses.send(resp, status, Responses.JSON, json);
  }

  /**
   * @throws IllegalArgumentException when the body is too large or not a JSON object
   */
  private static JsonObject body(HttpServletRequest req) throws IOException {
    byte[] bytes = req.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    if (bytes.length == 0) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    try (JsonReader reader =
        Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
      return reader.readObject();
    } catch (JsonException e) {
      throw new IllegalArgumentException("body is not a JSON object: " + e.getMessage());
    }
  }

  /** A string member, or null when absent or not a string (the command then says it is needed). */
  private static String text(JsonObject body, String name) {
    JsonValue v = body.get(name);
    return v instanceof JsonString s ? s.getString() : null;
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
