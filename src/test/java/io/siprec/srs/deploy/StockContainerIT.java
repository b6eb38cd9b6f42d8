package io.siprec.srs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.StockContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * target/srs.war, unchanged, in a stock Tomcat 7.0.64 + Restcomm SIP Servlets 3.2.0-37 installation
 * (target/stock-container, built from Maven artifacts by the pre-integration-test phase), started
 * with Tomcat's own Bootstrap as a process of its own: a SIPREC call from SIPp is answered, its
 * audio and events reach a JMS consumer on the WAR's embedded broker, and SIGTERM stops it cleanly.
 * The same for target/srs.sar, deployed the one way Restcomm 3.2 on Tomcat 7.0.64 takes it.
 */
class StockContainerIT {
  private static final Duration DEPLOY = Duration.ofSeconds(120);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern LOOPBACK =
      Pattern.compile("inet_addr\\(\"127\\.|inet_pton\\(AF_INET6, \"(::1|::ffff:127\\.)");

  @Test
  void theWarDroppedIntoWebappsDeploysAndRecordsACall() throws Exception {
    Path home = warLayout();
    recordsACallThenStops(
        home, "stock-container", "WAR", StockContainer.SharedSettings.SYSTEM_PROPERTIES);
  }

  @Test
  void theSarNamedByAContextDescriptorDeploysAndRecordsACall() throws Exception {
    // The same installation with nothing in webapps/: the .sar sits outside it, named by
    // conf/.../srs.xml.
    Path work = SrsServerProcess.projectDir().resolve("target/it-work/stock-container-sar");
    Path home = work.resolve("home");
    deleteTree(home);
    Path layout = StockContainer.layout();
    for (String dir : List.of("bin", "conf", "lib")) {
      copyTree(layout.resolve(dir), home.resolve(dir));
    }
    for (String dir : List.of("webapps", "temp", "logs", "sar")) {
      Files.createDirectories(home.resolve(dir));
    }
    Files.copy(
        SrsServerProcess.projectDir().resolve("target/srs.sar"), home.resolve("sar/srs.sar"));
    copyTree(SrsServerProcess.projectDir().resolve("src/test/resources/stock-container-sar"), home);

    // This copy's own conf/catalina.properties carries the shared settings, the other way an
    // operator has.
    recordsACallThenStops(
        home, "stock-container-sar", "SAR", StockContainer.SharedSettings.CATALINA_PROPERTIES);
  }

  @Test
  void sigtermWithARecordingUpEndsItWithAByeBeforeTheContainerExits() throws Exception {
    StockContainer container =
        StockContainer.start(
            warLayout(),
            "stock-container-shutdown",
            StockContainer.SharedSettings.SYSTEM_PROPERTIES,
            DEPLOY);
    try (JmsProbe jms = JmsProbe.loggedIn(container.consumerLogin());
        RtpSender leg2 =
            new RtpSender(
                container.ports.peerMedia() + 4,
                Fixtures.bytes("sipp/audio/leg2_440hz.alaw"),
                8,
                0x5EC2DL)) {
      AnsweredPort leg2Port = AnsweredPort.create();
      // This SRC never hangs up: it waits for our BYE and answers it.
      Sipp sipp =
          Sipp.scenario("siprec_call_ended_by_srs.xml")
              .against(container.sipTarget(), container.ports)
              .set("portfile", leg2Port.file())
              .start();
      leg2.send(new InetSocketAddress("127.0.0.1", leg2Port.await(Duration.ofSeconds(15))), 1000);
      String id = jms.awaitSessionStartedAfter(0, WAIT);
      jms.awaitChunks(id, 11, WAIT, "1", "2"); // audio flowing on both legs: over a second of it

      long t0 = System.nanoTime();
      int exit = container.terminate(Duration.ofSeconds(40));
      System.out.printf(
          "[StockContainerIT] SIGTERM with a call up to exit %d ms, exit code %d%n",
          (System.nanoTime() - t0) / 1_000_000, exit);
      assertThat(exit).isEqualTo(143);
      assertThat(container.log()).contains("drained: 1 recording session(s) ended");
      assertThat(sipp.await())
          .as("SIPp received our BYE and answered it\n" + sipp.report())
          .isZero();
      // The broker went down with the container: what the consumer already had is what it gets.
      JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
      assertThat(ended.json().getString("reason")).isEqualTo("SERVER_SHUTDOWN");
    } finally {
      container.close();
    }
  }

  @Test
  void restcommsStatisticsReporterIsOurInertOneAndNothingLeavesLoopback() throws Exception {
    Path home = warLayout();
    List<String> holders = new ArrayList<>();
    try (Stream<Path> jars = Files.list(home.resolve("lib"))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
        assertThat(jar.getFileName().toString())
            .doesNotStartWith("restcomm-statistics")
            .doesNotStartWith("slf4j-api-1.");
        try (JarFile j = new JarFile(jar.toFile())) {
          if (j.getEntry("org/restcomm/commons/statistics/reporter/RestcommStatsReporter.class")
              != null) {
            holders.add(jar.getFileName().toString());
          }
        }
      }
    }
    assertThat(holders).containsExactly("srs-container-shim.jar");

    // Start-up, an OPTIONS and a stop under strace: every address the JVM connects or sends to is
    // loopback.
    Path trace =
        SrsServerProcess.projectDir().resolve("target/it-work/stock-container-strace/strace.txt");
    Files.createDirectories(trace.getParent());
    StockContainer container =
        StockContainer.start(
            home,
            "stock-container-strace",
            StockContainer.SharedSettings.SYSTEM_PROPERTIES,
            DEPLOY,
            List.of(
                "strace",
                "-f",
                "-qq",
                "-e",
                "trace=connect,sendto,sendmsg,sendmmsg",
                "-o",
                trace.toString()));
    try {
      Sipp sipp =
          Sipp.scenario("options.xml")
              .against(container.sipTarget(), container.ports)
              .calls(1, 1, 1);
      assertThat(sipp.run()).as(sipp.report()).isZero();
      assertThat(container.terminate(Duration.ofSeconds(40))).isEqualTo(143);
    } finally {
      container.close();
    }
    List<String> inet =
        Files.readAllLines(trace).stream()
            .filter(l -> l.contains("inet_addr(") || l.contains("AF_INET6"))
            .toList();
    List<String> outward = inet.stream().filter(l -> !LOOPBACK.matcher(l).find()).toList();
    System.out.printf(
        "[StockContainerIT] strace: %d socket calls with an IP address, %d beyond loopback%n",
        inet.size(), outward.size());
    assertThat(inet).as("the trace saw the container's own loopback traffic").isNotEmpty();
    assertThat(outward).as("connections beyond loopback").isEmpty();
  }

  /**
   * target/stock-container with nothing of an earlier run deployed: the WAR only, as the docs tell
   * an operator.
   */
  private static Path warLayout() {
    Path home = StockContainer.layout();
    assertThat(home.resolve("webapps/srs.war"))
        .as("the build put the WAR in webapps/")
        .isRegularFile();
    deleteTree(home.resolve("webapps/srs"));
    deleteTree(home.resolve("work"));
    return home;
  }

  private static void recordsACallThenStops(
      Path home, String name, String what, StockContainer.SharedSettings shared) throws Exception {
    StockContainer container = StockContainer.start(home, name, shared, DEPLOY);
    JmsProbe jms = null;
    try {
      System.out.printf(
          "[StockContainerIT] %s: Tomcat started with the application deployed %d ms after launch "
              + "(Tomcat: \"Server startup in %d ms\")%n",
          what, container.readyAfterMillis(), container.tomcatStartupMillis());
      assertThat(container.log()).contains("SIPREC recording server ready");
      jms = JmsProbe.loggedIn(container.consumerLogin());

      AnsweredPort leg2Port = AnsweredPort.create();
      int mark = jms.mark();
      Sipp sipp =
          Sipp.scenario("siprec_call.xml")
              .against(container.sipTarget(), container.ports)
              .set("portfile", leg2Port.file())
              .start();
      int leg2Packets = 100; // 2 s of 20 ms A-law
      try (RtpSender leg2 =
          new RtpSender(
              container.ports.peerMedia() + 4,
              Fixtures.bytes("sipp/audio/leg2_440hz.alaw"),
              8,
              0x5EC1DL)) {
        CompletableFuture<Integer> sent =
            leg2.send(
                new InetSocketAddress("127.0.0.1", leg2Port.await(Duration.ofSeconds(15))),
                leg2Packets);
        // SIPp checks the 200's SDP itself (two labelled recvonly lines, +sip.srs): exit 0 or a
        // report.
        assertThat(sipp.await()).as(sipp.report()).isZero();
        assertThat(sent.join()).isEqualTo(leg2Packets);
      }
      assertThat(sipp.messages())
          .contains("SIP/2.0 200 OK")
          .contains("Content-Type: application/sdp")
          .contains("a=recvonly");

      String id = jms.awaitSessionStartedAfter(mark, WAIT);
      JmsProbe.Event ended = jms.awaitEvent(id, "session.ended", WAIT);
      jms.awaitLastChunks(id, WAIT, "1", "2");
      assertThat(ended.json().getString("reason")).isEqualTo("SRC_BYE");
      List<JmsProbe.Chunk> leg1 = jms.chunks(id, "1");
      List<JmsProbe.Chunk> leg2 = jms.chunks(id, "2");
      long leg2Samples = leg2.stream().mapToLong(JmsProbe.Chunk::samples).sum();
      System.out.printf(
          "[StockContainerIT] %s: call %d ms: leg 1 %d chunks, leg 2 %d chunks (%d samples)%n",
          what,
          ended.json().getJsonNumber("durationMs").longValue(),
          leg1.size(),
          leg2.size(),
          leg2Samples);
      // Leg 1 (SIPp's) runs from the answer to the BYE: one chunk of audio per 100 ms of call,
      // within one.
      long callTenths = Math.round(ended.json().getJsonNumber("durationMs").longValue() / 100.0);
      assertThat(leg1.stream().filter(c -> c.samples() > 0).count())
          .as("leg 1 chunks with audio")
          .isBetween(callTenths - 1, callTenths + 1);
      // Everything our sender sent on leg 2 came out, at 16 kHz: 320 samples per 20 ms packet.
      assertThat(leg2Samples).isEqualTo(leg2Packets * 320L);

      jms.close(); // the consumer leaves before its broker does
      jms = null;
      long t0 = System.nanoTime();
      int exit = container.terminate(Duration.ofSeconds(40));
      System.out.printf(
          "[StockContainerIT] %s: SIGTERM to exit %d ms, exit code %d%n",
          what, (System.nanoTime() - t0) / 1_000_000, exit);
      // The JVM ends on the signal once Tomcat's shutdown hook has stopped the webapp: 128 + 15.
      assertThat(exit).isEqualTo(143);
      assertThat(container.log())
          .contains("SIPREC recording server stopped")
          .contains("embedded broker stopped");
    } finally {
      if (jms != null) {
        jms.close();
      }
      container.close();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
