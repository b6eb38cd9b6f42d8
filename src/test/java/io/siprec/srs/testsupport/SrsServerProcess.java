package io.siprec.srs.testsupport;

import io.siprec.srs.config.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged standalone server (target/srs-server) running as a separate process, as an operator
 * runs it, on ports of its own so tests never collide with anything on 5060.
 */
public final class SrsServerProcess implements AutoCloseable {
  private static final String READY = "SRS standalone server started";

  public final String name;

  /** All ports of this server and of the peers that talk to it. */
  public final TestPorts.Block ports;

  public final int sipPort;
  public final int brokerPort;

  /** The admin console's HTTP port. */
  public final int adminPort;

  public final int mediaMin;
  public final int mediaMax;
  public final Path runtimeDir;
  public final Path logFile;
  private final Map<String, String> extraEnv;
  private final Process process;
  private final long startedNanos;
  private long readyAfterMillis = -1;

  private SrsServerProcess(
      String name, List<String> prefix, Map<String, String> extraEnv, TestPorts.Block reuse)
      throws IOException {
    this.name = name;
    this.ports = reuse != null ? reuse : TestPorts.next();
    this.sipPort = ports.sip();
    this.brokerPort = ports.broker();
    this.adminPort = ports.admin();
    this.mediaMin = ports.mediaMin();
    this.mediaMax = ports.mediaMax();
    Path itDir =
        Path.of(System.getProperty("srs.project.dir", ".")).resolve("target/it-work").resolve(name);
    Files.createDirectories(itDir);
    this.runtimeDir = itDir.resolve("runtime");
    if (reuse == null) {
      // A new server starts from nothing: no broker journal or archive left by an earlier run.
      // A restart on an earlier server's ports (onPortsOf) keeps them, as a real restart would.
      deleteTree(runtimeDir);
    }
    this.logFile = itDir.resolve("server.log");
    this.extraEnv = Map.copyOf(extraEnv);

    List<String> command = new ArrayList<>(prefix);
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(serverDir().resolve("srs-server.jar").toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    env.put("SRS_CONFIG_DIR", projectDir().resolve("server-config").toString());
    env.put("SRS_RUNTIME_DIR", runtimeDir.toString());
    env.put("SRS_SIP_PORT", String.valueOf(sipPort));
    env.put("SRS_BROKER_PORT", String.valueOf(brokerPort));
    env.put("SRS_ADMIN_PORT", String.valueOf(adminPort));
    env.put("SRS_MEDIA_PORT_MIN", String.valueOf(mediaMin));
    env.put("SRS_MEDIA_PORT_MAX", String.valueOf(mediaMax));
    env.putAll(extraEnv);
    pb.redirectErrorStream(true);
    pb.redirectOutput(logFile.toFile());
    startedNanos = System.nanoTime();
    process = ExternalTool.start(pb);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public static final class Builder {
    private final String name;
    private final List<String> prefix = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private TestPorts.Block ports;

    private Builder(String name) {
      this.name = name;
    }

    /** Runs the server under another command, e.g. strace. */
    public Builder wrappedIn(List<String> command) {
      prefix.addAll(command);
      return this;
    }

    /** The ports of an earlier server (one that was killed): its SRCs find the new one there. */
    public Builder onPortsOf(SrsServerProcess earlier) {
      this.ports = earlier.ports;
      return this;
    }

    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Starts it and waits until it says it is ready. */
    public SrsServerProcess start() {
      try {
        SrsServerProcess p = new SrsServerProcess(name, prefix, env, ports);
        p.awaitReady(Duration.ofSeconds(120));
        return p;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (log().contains(READY)) {
        readyAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "server exited with " + process.exitValue() + " before it was ready:\n" + log());
      }
      sleep(100);
    }
    ExternalTool.destroyTree(process);
    throw new IllegalStateException("server not ready after " + timeout + ":\n" + log());
  }

  /** From process start to the ready line, as the test measured it. */
  public long readyAfterMillis() {
    return readyAfterMillis;
  }

  public String sipTarget() {
    String address = extraEnv.getOrDefault("SRS_SIP_ADDRESS", "127.0.0.1");
    return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + sipPort;
  }

  /** The console's base URL, e.g. {@code http://127.0.0.1:40003/srs/}. */
  public String adminUrl() {
    return "http://127.0.0.1:" + adminPort + "/srs/";
  }

  public String jmsUrl() {
    return "tcp://127.0.0.1:" + brokerPort;
  }

  /**
   * How a consumer logs in to this server's broker: the password the test set
   * (SRS_BROKER_CONSUMER_PASSWORD), else the one the server made in its runtime directory.
   */
  public ConsumerLogin consumerLogin() {
    String password = extraEnv.get("SRS_BROKER_CONSUMER_PASSWORD");
    if (password == null) {
      return ConsumerLogin.generatedIn(jmsUrl(), runtimeDir);
    }
    return new ConsumerLogin(
        jmsUrl(),
        extraEnv.getOrDefault(
            "SRS_BROKER_CONSUMER_USER", Setting.BROKER_CONSUMER_USER.defaultValue()),
        password);
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends SIGTERM and waits for the exit. @return the exit code */
  public int terminate(Duration timeout) {
    // Under a wrapper (strace) the signal must reach the JVM itself, not the wrapper.
    ProcessHandle jvm =
        process
            .descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
            .findFirst()
            .orElse(process.toHandle());
    jvm.destroy(); // SIGTERM on Linux
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        ExternalTool.destroyTree(process); // the JVM under a wrapper too
        throw new IllegalStateException(
            "server did not exit within " + timeout + " of SIGTERM:\n" + log());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** SIGKILL: the crash a test wants to survive. Waits for the exit. */
  public void kill() {
    ExternalTool.destroyTree(process);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      terminate(Duration.ofSeconds(40));
    }
  }

  public static Path projectDir() {
    return Path.of(System.getProperty("srs.project.dir", ".")).toAbsolutePath();
  }

  public static Path serverDir() {
    return Path.of(System.getProperty("srs.server.dir", "target/srs-server")).toAbsolutePath();
  }

  public static void sleepQuietly(long ms) {
    sleep(ms);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
