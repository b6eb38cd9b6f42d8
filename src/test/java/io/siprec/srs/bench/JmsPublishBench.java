package io.siprec.srs.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.jms.BrokerConnections;
import io.siprec.srs.delivery.jms.EmbeddedBroker;
import io.siprec.srs.delivery.jms.JmsAudioPublisher;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.StreamLabel;
import io.siprec.srs.session.metadata.StreamAttribution;
import io.siprec.srs.testsupport.TestPorts;
import io.siprec.srs.testsupport.broker.StandaloneBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The JMS feed under load, as the server publishes it: N streams, each completing a 100 ms chunk of
 * 16 kHz PCM every 100 ms (their phases spread over the 100 ms), through the real JmsAudioPublisher
 * to the embedded broker or a standalone one, drained by {@link LatencyConsumer} in a process of
 * its own. Latency is from a chunk's completion (its capture time plus its length) to its receipt.
 * Not a test: run by bench/run-jms-bench.sh, which writes the results file.
 *
 * <p>usage: JmsPublishBench embedded|external streams seconds resultLine
 */
public final class JmsPublishBench {
  private static final int RATE = 16000;
  private static final int CHUNK_MS = 100;
  private static final int SAMPLES = RATE * CHUNK_MS / 1000;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int streams = Integer.parseInt(args[1]);
    int warmup = 5;
    int seconds = Integer.parseInt(args[2]) + warmup; // the consumer leaves the first 5 s out
    Path out = Path.of(args[3]);
    Path work = Files.createTempDirectory("srs-jms-bench");
    Map<String, String> values = new HashMap<>();
    values.put("srs.broker.data-dir", work.resolve("broker").toString());
    StandaloneBroker external = null;
    String consumerUrl;
    // The embedded broker's consumer login, chosen here and handed to the consumer process.
    String consumerPassword = UUID.randomUUID().toString();
    values.put("srs.broker.consumer-password", consumerPassword);
    if (mode.equals("external")) {
      external = StandaloneBroker.named("jms-bench").start();
      values.put("srs.jms.embedded-broker", "false");
      values.put("srs.jms.url", external.url());
      consumerUrl = external.url();
    } else {
      int port = TestPorts.next().broker();
      values.put("srs.broker.port", String.valueOf(port));
      consumerUrl = "tcp://127.0.0.1:" + port;
    }
    Settings settings =
        Settings.load(values::get, k -> null, Path.of("server-config").toAbsolutePath());
    EmbeddedBroker broker = new EmbeddedBroker(settings);
    broker.start();
    BrokerConnections connections = new BrokerConnections(settings, broker);
    JmsAudioPublisher publisher =
        new JmsAudioPublisher(settings, connections, new SimpleMeterRegistry());
    publisher.start();

    Path consumerReport = work.resolve("consumer.txt");
    ProcessBuilder consumerCommand =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                LatencyConsumer.class.getName(),
                consumerUrl,
                consumerReport.toString(),
                String.valueOf(warmup))
            .inheritIO();
    if (external == null) {
      consumerCommand.environment().put("BROKER_USER", "srs-consumer");
      consumerCommand.environment().put("BROKER_PASSWORD", consumerPassword);
    }
    Process consumer = consumerCommand.start();
    Thread.sleep(2000); // the consumer is connected

    List<RecordingSessionId> ids = new ArrayList<>();
    for (int s = 0; s < streams; s++) {
      ids.add(RecordingSessionId.random());
    }
    StreamLabel label = new StreamLabel("1");
    byte[] pcm = new byte[SAMPLES * 2];
    long[] sequence = new long[streams];
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long slot =
        TimeUnit.MILLISECONDS.toNanos(CHUNK_MS)
            / streams; // stream s completes at s*slot within each 100 ms
    long cpu0 = cpuNanos();
    int next = 0;
    long due = start;
    long sent = 0;
    while (due < end) {
      long wait = due - System.nanoTime();
      if (wait > 100_000) {
        LockSupport.parkNanos(wait);
      }
      int s = next;
      long nowMillis = System.currentTimeMillis();
      // A fresh array per chunk, as the receive path makes one; captured 100 ms ago, complete now.
      publisher.accept(
          new AudioChunk(
              ids.get(s),
              label,
              sequence[s],
              RATE,
              sequence[s] * SAMPLES,
              nowMillis - CHUNK_MS,
              pcm.clone(),
              false,
              StreamAttribution.UNKNOWN));
      sequence[s]++;
      sent++;
      next = (next + 1) % streams;
      due += slot;
    }
    long cpu = cpuNanos() - cpu0;
    double elapsed = (System.nanoTime() - start) / 1e9;
    publisher.stop(Duration.ofSeconds(10));
    Thread.sleep(3000); // the last ones arrive
    consumer.destroy();
    consumer.waitFor(20, TimeUnit.SECONDS);
    String report = Files.readString(consumerReport).strip();
    String line =
        String.format(
            "%s,%d,%d,%.1f,%d,%d,%s,%.2f",
            mode,
            streams,
            sent,
            sent / elapsed,
            publisher.published(),
            publisher.dropped(),
            report,
            cpu / 1e9 / elapsed);
    Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    System.out.println("[JmsPublishBench] " + line);
    connections.close();
    broker.stop();
    if (external != null) {
      external.close();
    }
    System.exit(0);
  }

  /** This process's CPU time (publisher, and the embedded broker when it is embedded). */
  private static long cpuNanos() throws IOException {
    String[] f =
        Files.readString(Path.of("/proc/self/stat")).replaceFirst("^.*\\) ", "").split(" ");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return ticks * 10_000_000L; // USER_HZ = 100
  }
}
