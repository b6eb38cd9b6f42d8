package io.siprec.srs.admin.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletResponse;

/** Writing the console's answers: always a declared type and charset, never cached. */
final class Responses {
  static final String JSON = "application/json;charset=UTF-8";

  private Responses() {}

  /**
   * A redirect to a path on this server, written relative (RFC 7231 section 7.1.2): Tomcat's
   * sendRedirect would make it absolute from the request's own scheme, which behind a
   * TLS-terminating proxy is http, and send the browser off https.
   */
  static void redirect(HttpServletResponse resp, String path) {
    resp.setStatus(HttpServletResponse.SC_FOUND);
    resp.setHeader("Location", path);
    resp.setContentLength(0);
  }

  static void send(HttpServletResponse resp, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    resp.setStatus(status);
    resp.setContentType(contentType);
    resp.setContentLength(bytes.length);
    resp.setHeader("Cache-Control", "no-store");
    try (OutputStream out = resp.getOutputStream()) {
      out.write(bytes);
    }
  }
}
