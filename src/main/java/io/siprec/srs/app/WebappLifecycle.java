package io.siprec.srs.app;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.delivery.archive.RecordingArchive;
import io.siprec.srs.delivery.jms.JmsAudioPublisher;
import io.siprec.srs.media.rtp.RtpMediaGateway;
import io.siprec.srs.recording.SiprecRecorder;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.sip.SiprecSignalling;
import javax.servlet.ServletContext;
import javax.servlet.ServletContextEvent;
import javax.servlet.ServletContextListener;
import org.jboss.weld.bootstrap.spi.BeanDiscoveryMode;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the application up inside the webapp, so the same WAR runs in the standalone server and in
 * an operator's own container: CDI (Weld SE) with our beans, then {@link SrsApplication#start}.
 * Publishes the application and its drain action as ServletContext attributes.
 */
public class WebappLifecycle implements ServletContextListener {
  private static final Logger LOG = LoggerFactory.getLogger(WebappLifecycle.class);

  private WeldContainer container;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(WebappLifecycle.class.getClassLoader());
    try {
      long t0 = System.nanoTime();
      container =
          new Weld("srs")
              .disableDiscovery()
              .setBeanDiscoveryMode(BeanDiscoveryMode.ANNOTATED)
              // The packages that hold beans; nothing else is scanned.
              .addPackages(
                  false,
                  SrsApplication.class,
                  RecordingService.class,
                  SiprecRecorder.class,
                  RtpMediaGateway.class,
                  JmsAudioPublisher.class,
                  RecordingArchive.class,
                  SiprecSignalling.class,
                  AdminConsole.class)
              // The launcher (or the container) owns shutdown; Weld must not race it with its own
              // hook.
              .property("org.jboss.weld.se.shutdownHook", false)
              .initialize();
      SrsApplication app = container.select(SrsApplication.class).get();
      LOG.info("CDI container up in {} ms", (System.nanoTime() - t0) / 1_000_000);
      app.start();
      context.setAttribute(SrsApplication.ATTRIBUTE, app);
      // The edges find what they serve under keys of their own packages: nothing imports app.
      context.setAttribute(SiprecSignalling.ATTRIBUTE, app.signalling());
      context.setAttribute(AdminConsole.ATTRIBUTE, app.admin());
      context.setAttribute(SrsApplication.DRAIN_ATTRIBUTE, (Runnable) app::drain);
    } catch (RuntimeException e) {
      LOG.error("the SIPREC application failed to start: {}", e.getMessage(), e);
      shutdownContainer();
      throw e;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    Object app = event.getServletContext().getAttribute(SrsApplication.ATTRIBUTE);
    if (app instanceof SrsApplication) {
      try {
        ((SrsApplication) app).stop();
      } catch (RuntimeException e) {
        LOG.error("stopping the SIPREC application failed", e);
      }
    }
    shutdownContainer();
  }

  private void shutdownContainer() {
    if (container != null && container.isRunning()) {
      container.shutdown();
    }
    container = null;
  }
}
