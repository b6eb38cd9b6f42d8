package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code openssl s_server} on loopback that accepts every protocol version and cipher suite OpenSSL
 * still has ({@code ALL:@SECLEVEL=0}): the positive control of a refusal test. A client command
 * that the server under test refuses must complete against this one, so the refusal is the server's
 * doing, not a client that could not have connected anywhere.
 */
public final class OpenSslServer implements AutoCloseable {
  private static final Duration START_LIMIT = Duration.ofSeconds(20);

  private final Process process;
  private final int port;
  private final Path certificate;
  private final StringBuffer output = new StringBuffer();

  private OpenSslServer(Process process, int port, Path certificate) {
    this.process = process;
    this.port = port;
    this.certificate = certificate;
  }

  /**
   * Makes a throw-away RSA key and certificate in {@code dir} and starts the server on a free port.
   */
  public static OpenSslServer permissive(Path dir) {
    Path key = dir.resolve("control.key");
    Path cert = dir.resolve("control.pem");
    OpenSslClient.runBounded(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key.toString(),
            "-out",
            cert.toString(),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-days",
            "1"));
    int port = freeTcpPort();
    try {
      // -www answers each connection on its own and never reads stdin.
      Process p =
          ExternalTool.start(
              new ProcessBuilder(
                      "openssl",
                      "s_server",
                      "-accept",
                      "127.0.0.1:" + port,
                      "-cert",
                      cert.toString(),
                      "-key",
                      key.toString(),
                      "-cipher",
                      "ALL:@SECLEVEL=0",
                      "-www")
                  .redirectErrorStream(true));
      p.getOutputStream().close();
      OpenSslServer server = new OpenSslServer(p, port, cert);
      Thread reader =
          new Thread(() -> server.copyOutput(p.getInputStream()), "openssl-s_server-output");
      reader.setDaemon(true);
      reader.start();
      server.awaitAccepting();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Its certificate, for the client's {@code -CAfile}. */
  public Path certificate() {
    return certificate;
  }

  private void awaitAccepting() {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (output.indexOf("ACCEPT") >= 0) {
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("openssl s_server exited: " + output);
      }
      SrsServerProcess.sleep(20);
    }
    close();
    throw new IllegalStateException(
        "openssl s_server not accepting after " + START_LIMIT + ": " + output);
  }

  private void copyOutput(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) > 0; ) {
        output.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freeTcpPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
