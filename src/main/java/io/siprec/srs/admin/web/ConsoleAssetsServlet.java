package io.siprec.srs.admin.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * The console's page, stylesheet and script, from {@code WEB-INF/console} of the WAR: a fixed list,
 * read once, served with their types. Nothing is fetched from elsewhere (the page works offline)
 * and nothing else under the webapp is reachable this way.
 */
public class ConsoleAssetsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Map<String, String[]> FILES =
      Map.of(
          "/", new String[] {"index.html", "text/html;charset=UTF-8"},
          "/index.html", new String[] {"index.html", "text/html;charset=UTF-8"},
          "/assets/console.css", new String[] {"console.css", "text/css;charset=UTF-8"},
          "/assets/console.js", new String[] {"console.js", "text/javascript;charset=UTF-8"});

  private final Map<String, String> contents = new HashMap<>();

  @Override
  public void init() throws ServletException {
    for (String[] file : FILES.values()) {
      contents.put(file[0], read(file[0]));
    }
  }

  private String read(String name) throws ServletException {
    try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/console/" + name)) {
      if (in == null) {
        throw new ServletException("WEB-INF/console/" + name + " is missing from the WAR");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ServletException("cannot read WEB-INF/console/" + name, e);
    }
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String[] file = FILES.get(AdminAuthFilter.path(req));
    if (file == null) {
      Responses.send(resp, 404, "text/plain;charset=UTF-8", "not found\n");
      return;
    }
    Responses.send(resp, 200, file[1], contents.get(file[0]));
  }
}
