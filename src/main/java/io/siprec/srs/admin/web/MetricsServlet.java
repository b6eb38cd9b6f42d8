package io.siprec.srs.admin.web;

import io.siprec.srs.admin.AdminConsole;
import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** {@code /metrics}: every meter in the Prometheus text format (version 0.0.4). */
public class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private transient AdminConsole console;

  @Override
  public void init() throws ServletException {
    console = AdminWeb.of(getServletContext()).console();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Responses.send(resp, 200, PROMETHEUS_TEXT, console.scrapeMetrics());
  }
}
