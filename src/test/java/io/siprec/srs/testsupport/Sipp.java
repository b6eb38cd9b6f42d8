package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a SIPp scenario from src/test/resources/sipp against a server: SIPp is the SRC. Messages and
 * errors are traced to files so a failing test shows the whole dialog.
 */
public final class Sipp {
  private final String scenario;
  private final Map<String, String> variables = new LinkedHashMap<>();
  private final Map<String, String> keys = new LinkedHashMap<>();
  private String target;
  private int localPort;
  private int mediaPort;
  private int calls = 1;
  private double rate = 1;
  private int limit = 1;
  private String transport = "u1";
  private String localAddress = "127.0.0.1";
  private Duration timeout = Duration.ofSeconds(60);

  private Process process;
  private Path workDir;

  private Sipp(String scenario) {
    this.scenario = scenario;
  }

  public static Sipp scenario(String name) {
    return new Sipp(name);
  }

  public Sipp against(SrsServerProcess server) {
    return against(server.sipTarget(), server.ports);
  }

  /**
   * A server not started through SrsServerProcess (docker/entrypoint.sh, a stock container): its
   * SIP address and port block.
   */
  public Sipp against(String sipTarget, TestPorts.Block ports) {
    this.target = sipTarget;
    this.localPort = ports.peer();
    this.mediaPort = ports.peerMedia();
    return this;
  }

  /** Its own SIP and media ports, for several SIPp instances against one server at once. */
  public Sipp localPorts(int sip, int media) {
    this.localPort = sip;
    this.mediaPort = media;
    return this;
  }

  public Sipp set(String variable, Object value) {
    variables.put(variable, String.valueOf(value));
    return this;
  }

  /** A generic parameter: {@code [name]} in the scenario's messages becomes {@code value}. */
  public Sipp key(String name, Object value) {
    keys.put(name, String.valueOf(value));
    return this;
  }

  public Sipp calls(int calls, double ratePerSecond, int concurrent) {
    this.calls = calls;
    this.rate = ratePerSecond;
    this.limit = concurrent;
    return this;
  }

  /**
   * The address SIPp sends from, for SIP and RTP ({@code ::1} for IPv6 loopback: its messages then
   * carry IP6 in the SDP, the scenario's {@code [local_ip_type]}); 127.0.0.1 unless set.
   */
  public Sipp from(String address) {
    this.localAddress = address;
    return this;
  }

  public Sipp overTcp() {
    this.transport = "t1";
    return this;
  }

  public Sipp timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public Sipp start() {
    Path scenarios = SrsServerProcess.projectDir().resolve("target/test-classes/sipp");
    try {
      workDir = Files.createTempDirectory(SrsServerProcess.projectDir().resolve("target"), "sipp-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "sipp",
                target,
                "-sf",
                scenarios.resolve(scenario).toString(),
                "-t",
                transport,
                "-i",
                localAddress,
                "-p",
                String.valueOf(localPort),
                "-mi",
                localAddress,
                "-mp",
                String.valueOf(mediaPort),
                "-m",
                String.valueOf(calls),
                "-r",
                String.valueOf(rate),
                "-l",
                String.valueOf(limit),
                "-nostdin",
                "-timeout",
                timeout.toSeconds() + "s",
                "-timeout_error",
                "-trace_msg",
                "-message_file",
                workDir.resolve("messages.log").toString(),
                "-trace_err",
                "-error_file",
                workDir.resolve("errors.log").toString()));
    variables.forEach(
        (k, v) -> {
          cmd.add("-set");
          cmd.add(k);
          cmd.add(v);
        });
    keys.forEach(
        (k, v) -> {
          cmd.add("-key");
          cmd.add(k);
          cmd.add(v);
        });
    ProcessBuilder pb =
        new ProcessBuilder(cmd).directory(scenarios.toFile()).redirectErrorStream(true);
    pb.redirectOutput(workDir.resolve("screen.log").toFile());
    process = ExternalTool.start(pb);
    return this;
  }

  /** Waits for SIPp to finish. @return its exit code: 0 when every call succeeded */
  public int await() {
    try {
      if (!process.waitFor(timeout.toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        ExternalTool.destroyTree(process);
        throw new IllegalStateException(
            "sipp did not finish within " + timeout.plusSeconds(10) + ":\n" + messages());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** True once SIPp has exited. */
  public boolean finished() {
    return process != null && !process.isAlive();
  }

  /**
   * SIGKILL to this SIPp: for calls whose server is gone, which SIPp would retransmit to for half a
   * minute.
   */
  public void kill() {
    ExternalTool.destroyTree(process);
  }

  public int run() {
    return start().await();
  }

  public Path workDir() {
    return workDir;
  }

  public String messages() {
    return read("messages.log");
  }

  public String errors() {
    return read("errors.log") + read("screen.log");
  }

  /** Everything SIPp knows, for assertion messages. */
  public String report() {
    return "--- sipp errors ---\n" + errors() + "\n--- sipp messages ---\n" + messages();
  }

  private String read(String file) {
    try {
      Path p = workDir.resolve(file);
      return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
