package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stock Tomcat 7.0.64 + Restcomm SIP Servlets installation (target/stock-container, laid out by
 * the build) started as an operator starts it: {@code java -cp
 * bin/bootstrap.jar:bin/tomcat-juli.jar org.apache.catalina.startup.Bootstrap start}, with only the
 * JVM flags Java 17 needs. Our launcher is not involved; settings reach the WAR as system
 * properties and environment variables.
 */
public final class StockContainer implements AutoCloseable {
  /** Tomcat's last start-up line (java.util.logging, Catalina). */
  private static final Pattern STARTED = Pattern.compile("Server startup in (\\d+) ms");

  /** Tomcat's line when a webapp's listener threw, or the context failed otherwise. */
  private static final Pattern DEPLOY_FAILED =
      Pattern.compile("Error listenerStart|Context \\[[^\\]]*\\] startup failed|Error deploying");

  /** The JVM options Java 17 needs for Restcomm 3.2 on Tomcat 7 (docs/deploy-war.md). */
  public static final List<String> JAVA17_FLAGS =
      List.of(
          "-Djavax.servlet.sip.ar.spi.SipApplicationRouterProvider="
              + "org.mobicents.servlet.sip.router.DefaultApplicationRouterProvider",
          "--add-opens",
          "java.base/java.lang=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.io=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.util=ALL-UNNAMED",
          "--add-opens",
          "java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens",
          "java.rmi/sun.rmi.transport=ALL-UNNAMED");

  public final Path home;
  public final TestPorts.Block ports;
  public final Path runtimeDir;
  public final Path logFile;
  private final Process process;
  private final long startedNanos;
  private long readyAfterMillis = -1;
  private long tomcatStartupMillis = -1;

  /** How the settings that server.xml shares with the WAR reach both. */
  public enum SharedSettings {
    /** {@code -Dsrs.sip.port=...} on the java command line. */
    SYSTEM_PROPERTIES,
    /**
     * Lines appended to the installation's conf/catalina.properties (Tomcat makes them system
     * properties).
     */
    CATALINA_PROPERTIES
  }

  private StockContainer(Path home, String name, SharedSettings shared, List<String> wrapper)
      throws IOException {
    this.home = home;
    this.ports = TestPorts.next();
    Path itDir = SrsServerProcess.projectDir().resolve("target/it-work").resolve(name);
    Files.createDirectories(itDir);
    this.runtimeDir = itDir.resolve("runtime");
    this.logFile = itDir.resolve("catalina.out");

    List<String> command = new ArrayList<>(wrapper);
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.addAll(JAVA17_FLAGS);
    command.add("-Dcatalina.home=" + home);
    command.add("-Dcatalina.base=" + home);
    command.add("-Djava.io.tmpdir=" + home.resolve("temp"));
    // The ones server.xml substitutes as well as the WAR reading them.
    List<String> sharedSettings =
        List.of(
            "srs.sip.address=127.0.0.1",
            "srs.sip.port=" + ports.sip(),
            "srs.admin.address=127.0.0.1",
            "srs.admin.port=" + ports.admin());
    if (shared == SharedSettings.SYSTEM_PROPERTIES) {
      sharedSettings.forEach(setting -> command.add("-D" + setting));
    } else {
      Path catalinaProperties = home.resolve("conf/catalina.properties");
      Files.writeString(
          catalinaProperties,
          "\n# SIPREC recording server\n" + String.join("\n", sharedSettings) + "\n",
          StandardCharsets.ISO_8859_1,
          StandardOpenOption.APPEND);
    }
    command.add("-cp");
    command.add(home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"));
    command.add("org.apache.catalina.startup.Bootstrap");
    command.add("start");
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
    // The WAR's own settings: environment variables, as a service unit would set them.
    pb.environment().put("SRS_RUNTIME_DIR", runtimeDir.toString());
    pb.environment().put("SRS_BROKER_PORT", String.valueOf(ports.broker()));
    pb.environment().put("SRS_MEDIA_PORT_MIN", String.valueOf(ports.mediaMin()));
    pb.environment().put("SRS_MEDIA_PORT_MAX", String.valueOf(ports.mediaMax()));
    pb.redirectErrorStream(true);
    pb.redirectOutput(logFile.toFile());
    startedNanos = System.nanoTime();
    process = ExternalTool.start(pb);
  }

  /** Starts the installation at {@code home} and waits until Tomcat says it has started. */
  public static StockContainer start(
      Path home, String name, SharedSettings shared, Duration timeout) {
    return start(home, name, shared, timeout, List.of());
  }

  /** The same under another command, e.g. strace. */
  public static StockContainer start(
      Path home, String name, SharedSettings shared, Duration timeout, List<String> wrapper) {
    try {
      StockContainer c = new StockContainer(home, name, shared, wrapper);
      c.awaitStarted(timeout);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The layout the build made (srs.stock.dir). */
  public static Path layout() {
    return Path.of(System.getProperty("srs.stock.dir", "target/stock-container")).toAbsolutePath();
  }

  private void awaitStarted(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String log = log();
      if (DEPLOY_FAILED.matcher(log).find()) {
        kill();
        throw new IllegalStateException("the WAR did not deploy:\n" + log);
      }
      Matcher m = STARTED.matcher(log);
      if (m.find()) {
        readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        tomcatStartupMillis = Long.parseLong(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "container exited with " + process.exitValue() + ":\n" + log);
      }
      SrsServerProcess.sleep(100);
    }
    kill();
    throw new IllegalStateException("container not started after " + timeout + ":\n" + log());
  }

  /** From process start to Tomcat's start-up line, as the test measured it. */
  public long readyAfterMillis() {
    return readyAfterMillis;
  }

  /** What Tomcat itself reported ("Server startup in N ms"). */
  public long tomcatStartupMillis() {
    return tomcatStartupMillis;
  }

  public String sipTarget() {
    return "127.0.0.1:" + ports.sip();
  }

  public String jmsUrl() {
    return "tcp://127.0.0.1:" + ports.broker();
  }

  /**
   * How a consumer logs in to the WAR's embedded broker: the password it made in its runtime
   * directory.
   */
  public ConsumerLogin consumerLogin() {
    return ConsumerLogin.generatedIn(jmsUrl(), runtimeDir);
  }

  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * SIGTERM, as systemd or {@code kill} stops it: Tomcat's shutdown hook stops the
   * container. @return exit code
   */
  public int terminate(Duration timeout) {
    // Under a wrapper (strace) the signal must reach the JVM itself.
    process
        .descendants()
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElse(process.toHandle())
        .destroy();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
        throw new IllegalStateException(
            "container did not exit within " + timeout + " of SIGTERM:\n" + log());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** SIGKILL to the container and, under a wrapper (strace), to the JVM the wrapper started. */
  private void kill() {
    ExternalTool.destroyTree(process);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
