package io.siprec.srs.launcher;

import io.siprec.srs.config.InvalidSettingsException;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.archive.ArchiveKeystore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.LogManager;
import javax.servlet.ServletContext;
import org.apache.catalina.Container;
import org.apache.catalina.Context;
import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Catalina;
import org.apache.log4j.Logger;
import org.apache.log4j.PropertyConfigurator;
import sun.misc.Signal;

/**
 * Runs the recording server on its own: Restcomm SIP Servlets on embedded Tomcat 7 with our WAR
 * deployed. The WAR brings up everything else (CDI, broker, media) inside its webapp.
 *
 * <p>Owns the process lifecycle. On SIGTERM or SIGINT it first drains the application (active
 * recordings get a BYE while the SIP stack can still deliver their 200 OK), then stops the
 * container, then exits with 0; a watchdog ends a stop that hangs.
 */
public final class StandaloneServer {
  /** ServletContext attribute under which the application publishes its drain action. */
  public static final String DRAIN_ATTRIBUTE = "io.siprec.srs.drain";

  private static final Logger LOG = Logger.getLogger(StandaloneServer.class);
  private static final Duration STOP_MARGIN = Duration.ofSeconds(20);

  private final Catalina catalina = new Catalina();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Settings settings;

  private StandaloneServer(Settings settings) {
    this.settings = settings;
  }

  public static void main(String[] args) {
    long startNanos = System.nanoTime();
    Path home = home();
    Path configDir = Settings.locateConfigDir();
    if (configDir == null) {
      configDir = home.resolve("server-config");
    }
    configureLogging(configDir);
    Settings settings;
    try {
      // The webapp reads the same sources; pin what only the launcher can decide.
      System.setProperty(Settings.CONFIG_DIR_KEY, configDir.toString());
      Settings first = Settings.load();
      Path runtimeDir =
          first.get(Setting.RUNTIME_DIR).isEmpty()
              ? home.resolve("runtime")
              : Path.of(first.get(Setting.RUNTIME_DIR)).toAbsolutePath();
      System.setProperty(Setting.RUNTIME_DIR.key(), runtimeDir.toString());
      if (first.get(Setting.BROKER_DATA_DIR).isEmpty()) {
        System.setProperty(Setting.BROKER_DATA_DIR.key(), runtimeDir.resolve("broker").toString());
      }
      settings = Settings.load();
      ArchiveKeystore.check(settings);
    } catch (InvalidSettingsException e) {
      LOG.fatal(e.getMessage());
      System.exit(2);
      return;
    }
    StandaloneServer server = new StandaloneServer(settings);
    try {
      server.start(home, configDir);
    } catch (Exception e) {
      LOG.fatal("server failed to start: " + e.getMessage(), e);
      System.exit(1);
    }
    // Before the ready line: whoever waits for it (an orchestrator, a test) may stop us at once,
    // and a SIGTERM without our handler would exit without the BYEs.
    Signal.handle(new Signal("TERM"), signal -> server.stopAndExit("SIGTERM"));
    Signal.handle(new Signal("INT"), signal -> server.stopAndExit("SIGINT"));
    LOG.info(
        String.format(
            "SRS standalone server started in %d ms (config %s)",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), configDir));
  }

  private void start(Path home, Path configDir) throws Exception {
    Path war = home.resolve("webapps").resolve(ContainerBase.WAR_NAME);
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException("no application at " + war + " (build with mvn package)");
    }
    Path runtimeDir = Path.of(settings.get(Setting.RUNTIME_DIR));
    ContainerBase base = ContainerBase.prepare(runtimeDir, configDir, war, settings);

    System.setProperty("catalina.base", base.dir().toString());
    System.setProperty("catalina.home", base.dir().toString());
    // Java 17: Restcomm otherwise looks its router up through the ImageIO service registry.
    System.setProperty(
        "javax.servlet.sip.ar.spi.SipApplicationRouterProvider",
        "org.mobicents.servlet.sip.router.DefaultApplicationRouterProvider");
    // The app has no TLDs, web fragments or servlet annotations: skip scanning ~60 jars for them.
    System.setProperty("tomcat.util.scan.DefaultJarScanner.jarsToSkip", "*.jar");
    System.setProperty("org.apache.catalina.startup.ContextConfig.jarsToSkip", "*.jar");
    System.setProperty("org.apache.catalina.startup.TldConfig.jarsToSkip", "*.jar");

    catalina.setAwait(false);
    catalina.setUseShutdownHook(false);
    long t0 = System.nanoTime();
    catalina.load();
    long t1 = System.nanoTime();
    catalina.start();
    LOG.info(
        String.format(
            "container: configured in %d ms, started (SIP stack and application) in %d ms",
            TimeUnit.NANOSECONDS.toMillis(t1 - t0),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1)));
    if (catalina.getServer() == null || !applicationIsAvailable()) {
      throw new IllegalStateException("the SIPREC application did not deploy; see the log above");
    }
    // Tomcat logs a connector that cannot bind and carries on without it: a console port already
    // taken would go unnoticed until someone needs the console.
    for (Service service : catalina.getServer().findServices()) {
      for (Connector connector : service.findConnectors()) {
        if (!connector.getState().isAvailable()) {
          throw new IllegalStateException(
              connector
                  + " did not start (port "
                  + connector.getPort()
                  + " in use or address not local?); see the log above");
        }
      }
    }
  }

  private boolean applicationIsAvailable() {
    Context context = applicationContext();
    return context != null && context.getState().isAvailable();
  }

  private Context applicationContext() {
    for (Service service : catalina.getServer().findServices()) {
      for (Container host : service.getContainer().findChildren()) {
        for (Container child : host.findChildren()) {
          if (child instanceof Context) {
            return (Context) child;
          }
        }
      }
    }
    return null;
  }

  private void stopAndExit(String why) {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    long graceMs = settings.intValue(Setting.SHUTDOWN_GRACE_MS);
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(graceMs + STOP_MARGIN.toMillis());
                LOG.error("stop did not finish in time; halting");
                Runtime.getRuntime().halt(1);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "srs-stop-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    Thread stopper =
        new Thread(
            () -> {
              long t0 = System.nanoTime();
              LOG.info(why + ": draining active recordings, then stopping");
              drainApplication();
              try {
                catalina.stop();
              } catch (Exception e) {
                LOG.error("container stop failed", e);
              }
              if (JulConfiguration.threadLocalsLeftCount() > 0) {
                LOG.info(
                    "container stop: thread-local values of the application left on container"
                        + " threads: "
                        + JulConfiguration.threadLocalsLeftAtStop()
                        + "; nothing leaks, the process exits now (docs/deploy-war.md for a"
                        + " container that redeploys)");
              }
              LOG.info(
                  String.format(
                      "stopped in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
              // Restcomm leaves non-daemon threads behind after stop; the exit is ours to make.
              System.exit(0);
            },
            "srs-stop");
    stopper.start();
  }

  private void drainApplication() {
    Context context = applicationContext();
    if (context == null) {
      return;
    }
    ServletContext servletContext = context.getServletContext();
    Object drain = servletContext == null ? null : servletContext.getAttribute(DRAIN_ATTRIBUTE);
    if (drain instanceof Runnable) {
      try {
        ((Runnable) drain).run();
      } catch (RuntimeException e) {
        LOG.error("draining the application failed", e);
      }
    }
  }

  private static Path home() {
    try {
      Path jar =
          Path.of(
              StandaloneServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar.getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void configureLogging(Path configDir) {
    Path log4j = configDir.resolve("log4j.properties");
    Properties properties = new Properties();
    if (Files.isRegularFile(log4j)) {
      try (InputStream in = Files.newInputStream(log4j)) {
        properties.load(in);
      } catch (Exception e) {
        System.err.println("cannot read " + log4j + ": " + e.getMessage());
      }
    } else {
      properties.setProperty("log4j.rootLogger", "INFO, stdout");
      properties.setProperty("log4j.appender.stdout", "org.apache.log4j.ConsoleAppender");
      properties.setProperty("log4j.appender.stdout.layout", "org.apache.log4j.PatternLayout");
      properties.setProperty(
          "log4j.appender.stdout.layout.ConversionPattern", "%d %-5p %c{1} - %m%n");
    }
    PropertyConfigurator.configure(properties);
    // Tomcat logs through java.util.logging; JulConfiguration shapes it.
    System.setProperty("java.util.logging.config.class", JulConfiguration.class.getName());
    try {
      LogManager.getLogManager().readConfiguration();
    } catch (IOException e) {
      System.err.println("cannot configure java.util.logging: " + e.getMessage());
    }
  }
}
