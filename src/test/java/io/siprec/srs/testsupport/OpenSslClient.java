package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_client} from Debian as a TLS peer on loopback. It runs with {@code -brief}, so
 * it prints what it negotiated as "Protocol version: ..." and "Ciphersuite: ...", and with {@code
 * -verify_return_error}, so a server certificate that does not chain to {@code caFile} fails the
 * run. Every run is bounded: s_client waits on its stdin, so stdin is closed at once ({@link
 * #handshake}) or once the awaited answer came ({@link #exchange}), and the process is killed if it
 * outlives its limit.
 */
public final class OpenSslClient {
  private static final Duration EXIT_LIMIT = Duration.ofSeconds(15);

  private OpenSslClient() {}

  /** What one s_client run printed (stdout and stderr together) and how it ended. */
  public record Result(List<String> command, int exit, boolean killed, String output) {
    /** "TLSv1.3", "TLSv1.2", ...; null when no handshake completed. */
    public String protocol() {
      return field("Protocol version: ");
    }

    /**
     * OpenSSL's name of the negotiated suite ("TLS_AES_256_GCM_SHA384",
     * "ECDHE-RSA-AES256-GCM-SHA384").
     */
    public String cipher() {
      return field("Ciphersuite: ");
    }

    /** Of the server's handshake signature: "ECDSA", "RSA-PSS", ... */
    public String signatureType() {
      return field("Signature type: ");
    }

    public boolean verified() {
      return output.contains("\nVerification: OK");
    }

    private String field(String prefix) {
      for (String line : output.split("\r?\n")) {
        if (line.startsWith(prefix)) {
          return line.substring(prefix.length()).strip();
        }
      }
      return null;
    }

    @Override
    public String toString() {
      return String.join(" ", command)
          + " -> exit "
          + exit
          + (killed ? " (killed at its time limit)" : "")
          + "\n"
          + output;
    }
  }

  /** Connects, handshakes, and leaves (stdin closed at once). */
  public static Result handshake(int port, Path caFile, String... options) {
    return run(port, caFile, null, null, Duration.ZERO, options);
  }

  /**
   * Connects, sends {@code request} over TLS, and waits up to {@code wait} for {@code awaited} to
   * appear in what the server sends back; then closes stdin, which ends the session.
   */
  public static Result exchange(
      int port, Path caFile, String request, String awaited, Duration wait, String... options) {
    return run(port, caFile, request, awaited, wait, options);
  }

  private static Result run(
      int port, Path caFile, String request, String awaited, Duration wait, String... options) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "openssl",
                "s_client",
                "-brief",
                "-connect",
                "127.0.0.1:" + port,
                "-CAfile",
                caFile.toString(),
                "-verify_return_error"));
    command.addAll(List.of(options));
    try {
      Process p = ExternalTool.start(new ProcessBuilder(command).redirectErrorStream(true));
      StringBuffer output = new StringBuffer();
      Thread reader = new Thread(() -> copy(p.getInputStream(), output), "openssl-output");
      reader.setDaemon(true);
      reader.start();
      try (OutputStream stdin = p.getOutputStream()) {
        if (request != null) {
          stdin.write(request.getBytes(StandardCharsets.ISO_8859_1));
          stdin.flush();
          long deadline = System.nanoTime() + wait.toNanos();
          while (System.nanoTime() < deadline && p.isAlive() && output.indexOf(awaited) < 0) {
            SrsServerProcess.sleep(20);
          }
        }
      } catch (IOException e) {
        // s_client has gone already (handshake refused): its output says why
      }
      boolean killed = !p.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
      if (killed) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
      reader.join(5000);
      return new Result(command, p.exitValue(), killed, output.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The key and certificate of a PKCS12 store as one PEM file next to it, for {@code -cert}. */
  public static Path pemOf(Path pkcs12, String password) {
    Path pem = pkcs12.resolveSibling(pkcs12.getFileName() + ".pem");
    runBounded(
        List.of(
            "openssl",
            "pkcs12",
            "-in",
            pkcs12.toString(),
            "-passin",
            "pass:" + password,
            "-nodes",
            "-out",
            pem.toString()));
    return pem;
  }

  /** Runs an openssl command that needs no input, within a minute, and insists that it succeeds. */
  static void runBounded(List<String> command) {
    ExternalTool.Run run = ExternalTool.run(new ProcessBuilder(command), Duration.ofSeconds(60));
    if (run.exit() != 0) {
      throw new IllegalStateException("openssl " + command.get(1) + " failed: " + run.output());
    }
  }

  private static void copy(InputStream in, StringBuffer into) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        into.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
