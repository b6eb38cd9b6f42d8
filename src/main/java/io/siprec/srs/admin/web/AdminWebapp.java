package io.siprec.srs.admin.web;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.admin.auth.AdminAccess;
import io.siprec.srs.admin.auth.AdminCredentials;
import io.siprec.srs.config.AddressRanges;
import io.siprec.srs.config.Setting;
import java.io.File;
import java.nio.file.Path;
import javax.servlet.ServletContext;
import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the console's door once the application is up (web.xml lists it after {@link
 * io.siprec.srs.app.WebappLifecycle}): reads or makes the credentials and publishes what the admin
 * servlets share. A WAR in another container keeps a generated password in the webapp's private
 * temporary directory when {@code srs.runtime.dir} is not set. When no password can be had (the
 * file cannot be written) the console stays locked and the recording goes on.
 */
public class AdminWebapp implements ServletContextListener {
  private static final Logger LOG = LoggerFactory.getLogger(AdminWebapp.class);

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Object running = context.getAttribute(AdminConsole.ATTRIBUTE);
    if (!(running instanceof AdminConsole)) {
      return; // the application failed and said so; the servlets answer 503
    }
    AdminConsole console = (AdminConsole) running;
    Object tempDir = context.getAttribute(ServletContext.TEMPDIR);
    Path fallback = tempDir instanceof File ? ((File) tempDir).toPath() : null;
    AdminAccess access = null;
    try {
      AdminCredentials credentials = AdminCredentials.from(console.settings(), fallback);
      access = new AdminAccess(credentials, console.loginThrottle(), console.clock());
    } catch (RuntimeException e) {
      // Recording goes on; the console stays locked rather than open (only /health answers).
      LOG.error("admin console locked: {}", e.getMessage());
    }
    // Validated with the other settings at start: a bad entry never gets this far.
    AddressRanges trustedProxies =
        AddressRanges.of(console.settings().listValue(Setting.ADMIN_TRUSTED_PROXIES));
    context.setAttribute(AdminWeb.ATTRIBUTE, new AdminWeb(console, access, trustedProxies));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    event.getServletContext().removeAttribute(AdminWeb.ATTRIBUTE);
  }
}
