package io.siprec.srs.testsupport.broker;

import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.TestPorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Artemis broker as its own process ({@link StandaloneBrokerMain}), on loopback ports and a
 * journal directory of its own under target/it-work. It can be stopped, killed with SIGKILL and
 * started again on the same ports and journal, as an outage in production looks.
 */
public final class StandaloneBroker implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  public final String name;
  public final int port;

  /** The TLS acceptor's port; 0 without TLS. */
  public final int tlsPort;

  private final Path workDir;
  private final Path dataDir;
  private final String user;
  private final String password;
  private final SelfSignedTls tls;

  /** primary or backup of a shared-store pair; empty for a broker on its own. */
  private final String haRole;

  private final List<Path> logs = new ArrayList<>();
  private Process process;

  private StandaloneBroker(Builder b) {
    this.name = b.name;
    // One block of test ports per broker: the same ports again after a restart.
    TestPorts.Block ports = TestPorts.next();
    this.port = ports.broker();
    this.tlsPort = b.tls == null ? 0 : ports.peer();
    this.workDir =
        SrsServerProcess.projectDir().resolve("target/it-work").resolve("broker-" + b.name);
    this.dataDir = b.primary != null ? b.primary.dataDir : workDir.resolve("data");
    this.user = b.user;
    this.password = b.password;
    this.tls = b.tls;
    this.haRole = b.primary != null ? "backup" : b.primaryOfPair ? "primary" : "";
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public static final class Builder {
    private final String name;
    private String user;
    private String password;
    private SelfSignedTls tls;
    private boolean primaryOfPair;
    private StandaloneBroker primary;

    private Builder(String name) {
      this.name = name;
    }

    /** The primary of a shared-store pair: a backup may be started on its journal. */
    public Builder primaryOfPair() {
      this.primaryOfPair = true;
      return this;
    }

    /**
     * The backup of {@code primary}, on the same journal: it becomes active when the primary dies.
     */
    public Builder backupOf(StandaloneBroker primary) {
      this.primary = primary;
      return this;
    }

    /** Security on: only this user may connect. */
    public Builder credentials(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** A second acceptor that speaks TLS with this key. */
    public Builder tls(SelfSignedTls tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Starts it on a fresh journal and waits until it is active; a backup shares its primary's
     * journal and is waited for until it is standing by.
     */
    public StandaloneBroker start() {
      StandaloneBroker broker = new StandaloneBroker(this);
      if (primary == null) {
        broker.deleteJournal();
      }
      broker.launch();
      return broker;
    }
  }

  /** Plain TCP URL of the broker, for the server or a consumer. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Host and port, for URL lists. */
  public String hostPort() {
    return "127.0.0.1:" + port;
  }

  /** URL of the TLS acceptor with the trust store that holds this broker's certificate. */
  public String tlsUrl() {
    if (tls == null) {
      throw new IllegalStateException("broker " + name + " has no TLS acceptor");
    }
    return "tcp://127.0.0.1:" + tlsPort + "?" + tls.clientUrlParameters();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM, then waits for a clean exit. */
  public void stop() {
    process.destroy();
    awaitExit(STOP_TIMEOUT, "SIGTERM");
  }

  /** SIGKILL: the broker gets no chance to close connections or flush anything. */
  public void kill() {
    process.destroyForcibly();
    awaitExit(STOP_TIMEOUT, "SIGKILL");
  }

  /** Starts the broker again on the same ports and the same journal. */
  public void restart() {
    if (isAlive()) {
      throw new IllegalStateException("broker " + name + " is still running");
    }
    launch();
  }

  /** For a backup: waits until it has taken over from its primary. */
  public void awaitActive() {
    awaitLine(logs.get(logs.size() - 1), StandaloneBrokerMain.READY);
  }

  /** Everything the broker wrote, every run of it, in order. */
  public String log() {
    StringBuilder out = new StringBuilder();
    for (Path p : logs) {
      out.append("--- ").append(p.getFileName()).append(" ---\n").append(read(p));
    }
    return out.toString();
  }

  @Override
  public void close() {
    if (isAlive()) {
      stop();
    }
  }

  private void launch() {
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(workDir);
      Path log = workDir.resolve("broker-" + (logs.size() + 1) + ".log");
      logs.add(log);
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-cp",
                  classPath(),
                  "-Dsrs.test.broker.name=" + name,
                  "-Dsrs.test.broker.port=" + port,
                  "-Dsrs.test.broker.data=" + dataDir));
      if (user != null) {
        command.add("-Dsrs.test.broker.user=" + user);
      }
      if (!haRole.isEmpty()) {
        command.add("-Dsrs.test.broker.ha=" + haRole);
      }
      if (tls != null) {
        command.add("-Dsrs.test.broker.tls-port=" + tlsPort);
        command.add("-Dsrs.test.broker.keystore=" + tls.keyStore());
      }
      command.add(StandaloneBrokerMain.class.getName());
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      Map<String, String> env = pb.environment();
      if (password != null) {
        env.put("SRS_TEST_BROKER_PASSWORD", password);
      }
      if (tls != null) {
        env.put("SRS_TEST_BROKER_KEYSTORE_PASSWORD", tls.password());
      }
      process = pb.start();
      awaitLine(
          log, haRole.equals("backup") ? StandaloneBrokerMain.WAITING : StandaloneBrokerMain.READY);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start broker " + name, e);
    }
  }

  private void awaitLine(Path log, String line) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (read(log).contains(line)) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "broker "
                + name
                + " exited with "
                + process.exitValue()
                + " before it said '"
                + line
                + "':\n"
                + read(log));
      }
      SrsServerProcess.sleepQuietly(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "broker "
            + name
            + " did not say '"
            + line
            + "' within "
            + START_TIMEOUT
            + ":\n"
            + read(log));
  }

  private void awaitExit(Duration timeout, String what) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "broker " + name + " did not exit within " + timeout + " of " + what);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void deleteJournal() {
    if (!Files.exists(dataDir)) {
      return;
    }
    try (var paths = Files.walk(dataDir)) {
      paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The broker runs from the test class path: the dependency list Maven writes
   * (target/test-classpath.txt) plus our classes; from an IDE, this JVM's own class path.
   */
  private static String classPath() throws IOException {
    Path target = SrsServerProcess.projectDir().resolve("target");
    Path dependencies = target.resolve("test-classpath.txt");
    if (!Files.exists(dependencies)) {
      return System.getProperty("java.class.path");
    }
    return target.resolve("test-classes")
        + File.pathSeparator
        + target.resolve("classes")
        + File.pathSeparator
        + Files.readString(dependencies, StandardCharsets.UTF_8).trim();
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
