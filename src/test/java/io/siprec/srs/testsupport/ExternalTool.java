package io.siprec.srs.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program a test needs (a linter, keytool, jcmd, a shell script) within a bound: a
 * tool that hangs is killed with everything it started and fails the test, naming itself and the
 * bound, instead of holding the build. Its output goes to a file, not a pipe: a tool that writes a
 * lot cannot stall on a full pipe, and a child that inherited the output cannot keep the test
 * waiting for an end of stream that never comes.
 */
public final class ExternalTool {
  /** Debian packages of the tools the tests run, for the message when one is missing. */
  private static final Map<String, String> PACKAGES =
      Map.of(
          "sipp",
          "sip-tester",
          "strace",
          "strace",
          "shellcheck",
          "shellcheck",
          "openssl",
          "openssl",
          "ffmpeg",
          "ffmpeg",
          "chromedriver",
          "chromium-driver",
          "sox",
          "sox",
          "opusdec",
          "opus-tools");

  /** How long a killed process tree may take to go. */
  private static final Duration REAP = Duration.ofSeconds(20);

  private ExternalTool() {}

  /** What a finished run gave: its exit code and its output (stdout and stderr together). */
  public record Run(int exit, String output) {}

  /**
   * Starts {@code builder}'s command (stdin empty, stderr into stdout) and waits at most {@code
   * bound} for it.
   *
   * @throws AssertionError when the tool cannot be started, or did not finish within the bound
   *     (then it and its children were killed)
   */
  public static Run run(ProcessBuilder builder, Duration bound) {
    String tool = name(builder.command());
    Path output;
    try {
      output = Files.createTempFile("external-tool-", ".out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    builder
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      Process process = start(builder);
      boolean finished;
      try {
        finished = process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        destroyTree(process);
        Thread.currentThread().interrupt();
        throw new IllegalStateException(tool + " interrupted", e);
      }
      if (!finished) {
        destroyTree(process);
        throw new AssertionError(
            tool
                + " did not finish within "
                + describe(bound)
                + "; killed it and what it started. Command: "
                + String.join(" ", builder.command())
                + "\nIts output so far:\n"
                + read(output));
      }
      return new Run(process.exitValue(), read(output));
    } finally {
      try {
        Files.deleteIfExists(output);
      } catch (IOException e) {
        // a temporary file left behind is no reason to fail the test
      }
    }
  }

  /**
   * Starts a long-running tool (a server, SIPp) whose run the caller bounds itself.
   *
   * @throws AssertionError when it cannot be started, saying what to install where we know
   */
  public static Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw new AssertionError(cannotStart(builder.command(), e), e);
    }
  }

  /**
   * SIGKILL to a process and every process it started, then a bounded wait for them to go. The
   * children are listed first: once their parent is gone they are no longer its descendants.
   */
  public static void destroyTree(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + REAP.toNanos();
    for (ProcessHandle p : children) {
      awaitGone(p, deadline);
    }
    awaitGone(process.toHandle(), deadline);
  }

  /**
   * The message for a tool that cannot be started: what it is and, where we know, what to install.
   */
  static String cannotStart(List<String> command, IOException e) {
    String tool = name(command);
    String pkg = PACKAGES.get(tool);
    return "cannot run "
        + tool
        + " ("
        + e.getMessage()
        + ")"
        + (pkg == null ? "" : ": install it with apt-get install " + pkg + " (.ci/run does)");
  }

  private static void awaitGone(ProcessHandle p, long deadlineNanos) {
    try {
      p.onExit().get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (Exception e) {
      // still there after the wait, or already gone: nothing more we can do from here
    }
  }

  /** The program's file name: what a person would call the tool. */
  private static String name(List<String> command) {
    return Path.of(command.get(0)).getFileName().toString();
  }

  private static String describe(Duration bound) {
    return bound.toMillis() % 1000 == 0 ? bound.toSeconds() + " s" : bound.toMillis() + " ms";
  }

  private static String read(Path output) {
    try {
      return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(output unreadable: " + e.getMessage() + ")";
    }
  }
}
