package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Leg 2 of every call SIPp places: watches the port file and starts one sender per answered call,
 * each from a port of its own.
 */
public final class Leg2Senders implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] LEG2_AUDIO = Fixtures.bytes("sipp/audio/leg2_440hz.alaw");
  private final int packets;
  private final int firstSourcePort;
  private final AnsweredPort ports = AnsweredPort.create();
  private final Map<Integer, RtpSender> senders = new LinkedHashMap<>();
  private final List<CompletableFuture<Integer>> sending = new ArrayList<>();
  private Thread watcher;

  public Leg2Senders(SrsServerProcess srs, int packets) {
    this(srs, packets, srs.ports.peerMedia() + 4);
  }

  /**
   * Senders from {@code firstSourcePort} on, every second port: for a second set beside a first.
   */
  public Leg2Senders(SrsServerProcess srs, int packets, int firstSourcePort) {
    this.packets = packets;
    this.firstSourcePort = firstSourcePort;
  }

  public Path portFile() {
    return ports.file();
  }

  /** Starts a sender for each of the next {@code calls} answers, in the background. */
  public void followAnswers(int calls) {
    watcher =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + WAIT.toNanos();
              while (senders.size() < calls && System.nanoTime() < deadline) {
                for (int port : answered()) {
                  synchronized (this) {
                    if (!senders.containsKey(port)) {
                      RtpSender s =
                          new RtpSender(
                              firstSourcePort + 2 * senders.size(),
                              LEG2_AUDIO,
                              8,
                              0x5EC20L + senders.size());
                      senders.put(port, s);
                      sending.add(s.send(new InetSocketAddress("127.0.0.1", port), packets));
                    }
                  }
                }
                SrsServerProcess.sleepQuietly(20);
              }
            },
            "leg2-senders");
    watcher.start();
  }

  public void awaitSent() throws InterruptedException {
    watcher.join(WAIT.toMillis());
    List<CompletableFuture<Integer>> all;
    synchronized (this) {
      all = List.copyOf(sending);
    }
    all.forEach(CompletableFuture::join);
  }

  private int[] answered() {
    try {
      Path file = ports.file();
      if (!Files.exists(file)) {
        return new int[0];
      }
      return Files.readAllLines(file).stream()
          .map(String::trim)
          .filter(l -> l.matches("[0-9]+"))
          .mapToInt(Integer::parseInt)
          .toArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    senders.values().forEach(RtpSender::close);
  }
}
