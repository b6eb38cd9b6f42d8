package io.siprec.srs.admin.web;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.admin.auth.AdminAccess;
import io.siprec.srs.config.AddressRanges;
import io.siprec.srs.config.Setting;
import javax.servlet.ServletContext;
import javax.servlet.ServletException;

/**
 * What the admin servlets share, published by {@link AdminWebapp} as a ServletContext attribute:
 * the read model, the door ({@code access} is null when the console is locked: no credentials could
 * be had) and the reverse proxies whose forwarding headers are believed.
 */
record AdminWeb(AdminConsole console, AdminAccess access, AddressRanges trustedProxies) {
  static final String ATTRIBUTE = AdminWeb.class.getName();

  /** The session cookie; the console's own, so it never meets another application's. */
  static final String COOKIE = "SRS_ADMIN";

  /**
   * Sent by the console's own scripts: a 401 then must not make the browser ask for Basic
   * credentials.
   */
  static final String CONSOLE_HEADER = "X-SRS-Console";

  boolean metricsOpen() {
    return console.settings().booleanValue(Setting.ADMIN_OPEN_METRICS);
  }

  static AdminWeb of(ServletContext context) throws ServletException {
    Object web = context.getAttribute(ATTRIBUTE);
    if (!(web instanceof AdminWeb)) {
      throw new ServletException("the admin console did not start; see the log");
    }
    return (AdminWeb) web;
  }
}
