package io.siprec.srs.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.delivery.jms.EmbeddedBroker;
import io.siprec.srs.testsupport.AnsweredPort;
import io.siprec.srs.testsupport.ConsumerLogin;
import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.RtpSender;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import io.siprec.srs.testsupport.TestPorts;
import jakarta.jms.JMSSecurityException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The image's start command, run outside Docker so it cannot rot: docker/entrypoint.sh against the
 * packaged target/srs-server, exactly as the image's ENTRYPOINT runs it, with only paths, ports and
 * the bind address pointed at this machine. The server must come up, its health check (the image's
 * HEALTHCHECK command) must pass, its broker must refuse anyone without the consumer login it
 * generated, a SIPREC call must be recorded, and SIGTERM (what `docker stop` sends) must reach the
 * JVM and end it with 0.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerEntrypointIT {
  private static final String READY = "SRS standalone server started";
  private static final Path ENTRYPOINT =
      SrsServerProcess.projectDir().resolve("docker/entrypoint.sh");

  private static TestPorts.Block ports;
  private static Path runtimeDir;
  private static Path log;
  private static Process server;
  private static long readyMillis;

  /** Every file of SRS_HOME with its modification time, before the start. */
  private static Map<Path, Long> homeBefore;

  @BeforeAll
  static void startThroughTheEntryPoint() throws Exception {
    ports = TestPorts.next();
    Path work = SrsServerProcess.projectDir().resolve("target/it-work/docker-entrypoint");
    deleteTree(work);
    Files.createDirectories(work);
    runtimeDir = work.resolve("runtime");
    log = work.resolve("server.log");
    homeBefore = snapshot(SrsServerProcess.serverDir());
    ProcessBuilder pb = new ProcessBuilder(ENTRYPOINT.toString()).directory(work.toFile());
    environment(pb.environment());
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    long started = System.nanoTime();
    server = pb.start();
    long deadline = started + TimeUnit.SECONDS.toNanos(120);
    while (!log().contains(READY)) {
      assertThat(server.isAlive())
          .as(
              "entrypoint.sh exited with %s before the server was ready:%n%s",
              server.isAlive() ? "" : server.exitValue(), log())
          .isTrue();
      assertThat(System.nanoTime()).as("not ready within 120 s:%n%s", log()).isLessThan(deadline);
      Thread.sleep(100);
    }
    readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }

  /**
   * What the image sets, pointed at the build output: SRS_HOME at target/srs-server (so the
   * configuration is that distribution's server-config copy, as in the image), the runtime
   * directory under target/, loopback ports of our own. Nothing else of this JVM's SRS_* leaks in.
   */
  private static void environment(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("SRS_") || k.equals("JDK_JAVA_OPTIONS"));
    env.put("SRS_HOME", SrsServerProcess.serverDir().toString());
    env.put("SRS_RUNTIME_DIR", runtimeDir.toString());
    env.put("SRS_BIND_ADDRESS", "127.0.0.1");
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("JDK_JAVA_OPTIONS", "-Xmx512m");
    env.put("SRS_SIP_PORT", String.valueOf(ports.sip()));
    env.put("SRS_BROKER_PORT", String.valueOf(ports.broker()));
    env.put("SRS_ADMIN_PORT", String.valueOf(ports.admin()));
    env.put("SRS_MEDIA_PORT_MIN", String.valueOf(ports.mediaMin()));
    env.put("SRS_MEDIA_PORT_MAX", String.valueOf(ports.mediaMax()));
  }

  @AfterAll
  static void stopIfStillRunning() {
    if (server != null && server.isAlive()) {
      server.destroyForcibly();
    }
  }

  @Test
  @Order(1)
  void theEntryPointBecomesTheJvmListeningWhereItWasTold() {
    // exec: the process we started is java itself, so a signal to it is a signal to the JVM.
    assertThat(server.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
    String log = log();
    assertThat(log)
        .contains(
            "entrypoint: SIP on 127.0.0.1, RTP on 127.0.0.1, admin on 127.0.0.1",
            "config " + SrsServerProcess.serverDir().resolve("server-config"),
            "runtime " + runtimeDir);
    assertThat(log)
        .contains(
            "SIP 127.0.0.1:"
                + ports.sip()
                + " (udp, tcp), RTP "
                + ports.mediaMin()
                + "-"
                + ports.mediaMax());
    assertThat(runtimeDir.resolve("admin-password")).exists();
    System.out.printf("DockerEntrypointIT: ready %d ms after entrypoint.sh started%n", readyMillis);
  }

  @Test
  @Order(2)
  void theImagesHealthCheckPassesAndHealthAnswers() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(ENTRYPOINT.toString(), "health");
    environment(pb.environment());
    ExternalTool.Run health = ExternalTool.run(pb, Duration.ofSeconds(15));
    assertThat(health.exit()).as(health.output()).isZero();
    assertThat(health.output()).contains("health: HTTP/1.1 200");

    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.admin() + "/srs/health"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"status\"", "UP");
  }

  @Test
  @Order(3)
  void theBrokerItOpensWantsTheGeneratedConsumerLogin() throws Exception {
    // The image binds the embedded broker to the container's address: only the login gets in.
    ConsumerLogin login =
        ConsumerLogin.generatedIn("tcp://127.0.0.1:" + ports.broker(), runtimeDir);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    runtimeDir.resolve(EmbeddedBroker.CONSUMER_PASSWORD_FILE))))
        .isEqualTo("rw-------");
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(login.url());
    assertThatThrownBy(() -> factory.createConnection().close())
        .as("anonymous")
        .isInstanceOf(JMSSecurityException.class);
    factory.createConnection(login.user(), login.password()).close();
  }

  @Test
  @Order(4)
  void aSiprecCallIsAnsweredAndRecorded() throws Exception {
    String target = "127.0.0.1:" + ports.sip();
    Sipp options = Sipp.scenario("options.xml").against(target, ports);
    assertThat(options.run()).as(options.report()).isZero();

    AnsweredPort leg2Port = AnsweredPort.create();
    Sipp call =
        Sipp.scenario("siprec_call.xml")
            .against(target, ports)
            .set("portfile", leg2Port.file())
            .start();
    int packets = 150;
    try (RtpSender leg2 =
        new RtpSender(
            ports.peerMedia() + 4, Fixtures.bytes("sipp/audio/leg2_440hz.alaw"), 8, 0x5EC0DL)) {
      int port = leg2Port.await(Duration.ofSeconds(15));
      assertThat(port).isBetween(ports.mediaMin(), ports.mediaMax());
      CompletableFuture<Integer> sent =
          leg2.send(new InetSocketAddress("127.0.0.1", port), packets);
      assertThat(call.await()).as(call.report()).isZero();
      assertThat(sent.join()).isEqualTo(packets);
    }
    assertThat(call.messages()).contains("c=IN IP4 127.0.0.1");
    // The archive under the runtime directory the entry point was given (a volume in the image),
    // complete once the session ended: leg 2 holds every packet we sent, 320 frames each at 16 kHz.
    Path folder = awaitCompleteRecording(Duration.ofSeconds(20));
    assertThat(framesOf(folder.resolve("stream-2.wav"))).isEqualTo(packets * 320L);
    assertThat(framesOf(folder.resolve("stream-1.wav"))).as("leg 1, SIPp's").isPositive();
  }

  @Test
  @Order(5)
  void sigtermReachesTheJvmWhichExitsWithZero() throws Exception {
    long start = System.nanoTime();
    server.toHandle().destroy(); // SIGTERM, as docker stop sends it to the container's process 1
    boolean exited = server.waitFor(40, TimeUnit.SECONDS);
    long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(exited)
        .as(
            "no exit within 40 s of SIGTERM (the compose file's stop_grace_period is 30 s):%n%s",
            log())
        .isTrue();
    assertThat(server.exitValue()).as(log()).isZero();
    assertThat(log()).contains("SIPREC recording server stopped");
    System.out.printf("DockerEntrypointIT: exit 0, %d ms after SIGTERM%n", stopMillis);
  }

  @Test
  @Order(6)
  void theServerWroteNothingIntoItsHome() throws IOException {
    // In the image /opt/srs belongs to root and the server runs as uid 10001: everything it
    // writes must go to the runtime directory.
    assertThat(snapshot(SrsServerProcess.serverDir())).isEqualTo(homeBefore);
  }

  private static Map<Path, Long> snapshot(Path dir) throws IOException {
    Map<Path, Long> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        files.put(dir.relativize(p), Files.getLastModifiedTime(p).toMillis());
      }
    }
    return files;
  }

  /**
   * The session folder whose archive.json says the recording is complete (written when the session
   * ended).
   */
  private static Path awaitCompleteRecording(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Path recordings = runtimeDir.resolve("recordings");
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(recordings)) {
        try (Stream<Path> walk = Files.walk(recordings)) {
          List<Path> complete =
              walk.filter(p -> p.getFileName().toString().equals("archive.json"))
                  .filter(p -> read(p).contains("\"complete\":true"))
                  .toList();
          if (!complete.isEmpty()) {
            return complete.get(0).getParent();
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "no complete recording under " + recordings + " within " + timeout + ":\n" + log());
  }

  private static long framesOf(Path wav) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
      assertThat(Files.size(wav))
          .as("%s: header and size agree", wav.getFileName())
          .isEqualTo(44 + in.getFrameLength() * 2);
      return in.getFrameLength();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return ""; // being written: read again on the next round
    }
  }

  private static String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
