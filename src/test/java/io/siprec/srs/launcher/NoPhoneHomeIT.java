package io.siprec.srs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Restcomm's statistics reporter phones home at start, every 24 h and at stop, whatever its setting
 * says. Proof that ours never does: the server runs under strace through start-up, a recorded call
 * and shutdown, and every socket address it connects or sends to is loopback.
 */
class NoPhoneHomeIT {
  private static final Pattern INET = Pattern.compile("sin_addr=inet_addr\\(\"([^\"]+)\"\\)");
  private static final Pattern INET6 = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]+)\"");

  @Test
  void theServerOpensNoConnectionBeyondLoopback() throws Exception {
    Path trace = SrsServerProcess.projectDir().resolve("target/it-work/no-phone-home/strace.txt");
    Files.createDirectories(trace.getParent());
    SrsServerProcess server =
        SrsServerProcess.named("no-phone-home")
            .wrappedIn(
                List.of(
                    "strace",
                    "-f",
                    "-qq",
                    "-e",
                    "trace=connect,sendto,sendmsg,sendmmsg",
                    "-o",
                    trace.toString()))
            .start();
    try (SipClient sip = SipClient.to(server)) {
      SipClient.Sent invite =
          sip.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
      SipClient.Response ok = sip.exchange(invite, Duration.ofSeconds(10));
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(invite, ok);
      sip.bye(invite, ok);
    }
    assertThat(server.terminate(Duration.ofSeconds(60))).isZero();

    List<String> calls =
        Files.readAllLines(trace).stream()
            .filter(
                l ->
                    l.contains("connect(")
                        || l.contains("sendto(")
                        || l.contains("sendmsg(")
                        || l.contains("sendmmsg("))
            .toList();
    List<String> outward = new ArrayList<>();
    int inetCalls = 0;
    for (String call : calls) {
      Matcher v4 = INET.matcher(call);
      Matcher v6 = INET6.matcher(call);
      if (v4.find()) {
        inetCalls++;
        if (!v4.group(1).startsWith("127.")) {
          outward.add(call);
        }
      } else if (v6.find()) {
        inetCalls++;
        String a = v6.group(1);
        if (!a.equals("::1") && !a.startsWith("::ffff:127.")) {
          outward.add(call);
        }
      }
    }
    System.out.printf(
        "[NoPhoneHomeIT] %d socket calls traced, %d with an IP address, %d beyond loopback%n",
        calls.size(), inetCalls, outward.size());
    assertThat(inetCalls).as("the trace saw the server's own loopback traffic").isGreaterThan(0);
    assertThat(outward).as("connections beyond loopback").isEmpty();
  }

  @Test
  void theReporterOnTheClassPathIsOurInertOne() throws Exception {
    Path lib = SrsServerProcess.serverDir().resolve("lib");
    List<String> holders = new ArrayList<>();
    try (Stream<Path> jars = Files.list(lib)) {
      for (Path jar : jars.toList()) {
        try (JarFile j = new JarFile(jar.toFile())) {
          if (j.getEntry("org/restcomm/commons/statistics/reporter/RestcommStatsReporter.class")
                  != null
              || j.getEntry("org/restcomm/commons/statistics/sender/RestcommStatsSender.class")
                  != null) {
            holders.add(jar.getFileName().toString());
          }
        }
      }
      assertThat(Files.list(lib).map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("restcomm-statistics") || n.startsWith("httpclient"));
    }
    assertThat(holders).isEmpty();
    try (JarFile launcher =
        new JarFile(SrsServerProcess.serverDir().resolve("srs-server.jar").toFile())) {
      assertThat(
              launcher.getEntry(
                  "org/restcomm/commons/statistics/reporter/RestcommStatsReporter.class"))
          .isNotNull();
    }
    assertThat(new File(lib.toFile(), "metrics-core-3.1.0.jar")).exists();
  }
}
