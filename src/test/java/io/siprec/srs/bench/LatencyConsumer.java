package io.siprec.srs.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Drains the audio queue and records, per chunk, the time from its completion (srsCaptureTime plus
 * its length) to its receipt, in microseconds, after a warm-up. On SIGTERM writes
 * "received,p50ms,p99ms,maxms" to the report file.
 *
 * <p>usage: [BROKER_USER=.. BROKER_PASSWORD=..] LatencyConsumer url reportFile warmupSeconds (the
 * login in the environment, out of the process list; without BROKER_USER it connects anonymously)
 */
public final class LatencyConsumer {
  private static long[] latencies = new long[1 << 20];
  private static int count;
  private static int received;
  private static long warmupMillis;
  private static long firstMillis;

  public static void main(String[] args) throws Exception {
    warmupMillis = Long.parseLong(args[2]) * 1000;
    ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(args[0]);
    String user = System.getenv("BROKER_USER");
    Connection connection =
        user == null || user.isEmpty()
            ? factory.createConnection()
            : factory.createConnection(user, System.getenv("BROKER_PASSWORD"));
    Session session = connection.createSession(false, Session.DUPS_OK_ACKNOWLEDGE);
    session
        .createConsumer(session.createQueue("srs.audio"))
        .setMessageListener(LatencyConsumer::onMessage);
    connection.start();
    Path report = Path.of(args[1]);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (LatencyConsumer.class) {
                    long[] l = Arrays.copyOf(latencies, count);
                    Arrays.sort(l);
                    String line =
                        count == 0
                            ? "0,,,"
                            : String.format(
                                "%d,%.1f,%.1f,%.1f",
                                received,
                                l[count / 2] / 1000.0,
                                l[(int) Math.min(count - 1, (long) Math.ceil(count * 0.99) - 1)]
                                    / 1000.0,
                                l[count - 1] / 1000.0);
                    try {
                      Files.writeString(report, line);
                      connection.close();
                    } catch (Exception e) {
                      System.err.println(e);
                    }
                  }
                }));
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void onMessage(Message m) {
    try {
      Instant now = Instant.now();
      long completedMillis =
          m.getLongProperty("srsCaptureTime")
              + m.getIntProperty("srsSamples") * 1000L / m.getIntProperty("srsSampleRate");
      long micros =
          (now.getEpochSecond() * 1_000_000 + now.getNano() / 1000) - completedMillis * 1000;
      ((BytesMessage) m).getBodyLength();
      synchronized (LatencyConsumer.class) {
        received++;
        if (firstMillis == 0) {
          firstMillis = System.currentTimeMillis();
        }
        if (System.currentTimeMillis() - firstMillis < warmupMillis) {
          return; // the JIT is still compiling: not what a running server sees
        }
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = Math.max(0, micros);
      }
    } catch (JMSException e) {
      System.err.println(e);
    }
  }
}
