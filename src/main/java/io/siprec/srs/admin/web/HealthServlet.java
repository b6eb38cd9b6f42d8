package io.siprec.srs.admin.web;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.admin.ConsoleJson;
import io.siprec.srs.admin.Health;
import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /health} for load balancers: 200 while calls are accepted and the broker is connected or
 * still buffering, 503 while draining or when audio would be dropped; the body says which.
 */
public class HealthServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private transient AdminConsole console;

  @Override
  public void init() throws ServletException {
    console = AdminWeb.of(getServletContext()).console();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Health health = console.health();
    Responses.send(resp, health.up() ? 200 : 503, Responses.JSON, ConsoleJson.health(health));
  }
}
