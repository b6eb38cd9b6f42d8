package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.Sipp;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Twice the configured load, in waves, and nothing grows: with srs.sessions.max=20 and 10 new
 * sessions a second, SIPp offers 40 concurrent calls at 20 a second (each held 3 s with RTP on leg
 * 1). During a wave the server never holds more than 20 sessions, threads and sockets stay within
 * fixed bounds, and the rest are refused with 503; a consumer drains the queues and sees every
 * session end. After each wave, idle again (no session, no RTP socket, no SIP transaction), the
 * process has the same srs-* threads, every lazily growing pool within its maximum, no more file
 * descriptors than after the first, and its live heap (after a full GC) has not grown.
 */
class BoundsIT {
  private static final int MAX_SESSIONS = 20;
  private static final int WAVES =
      4; // the first warms up (JIT, pools, class loading) and is not compared
  private static final int CALLS_PER_WAVE = 100;
  private static final int CORES =
      Runtime.getRuntime().availableProcessors(); // the server's: same machine

  /**
   * The pools that start small and grow with demand, by their threads' names (digits folded), each
   * with the most threads it can hold. Every other thread keeps its count from wave to wave.
   */
  private static final Map<String, Integer> LAZY_POOLS =
      Map.of(
          // Restcomm's SIP dispatcher: core size SipStandardService.dispatcherThreadPoolSize
          // (default 15)
          // on an unbounded queue, so it never passes its core size.
          "MSS-Executor-Thread-#", 15,
          // The embedded broker's server pool: thread-pool-max-size, Artemis' default 30, which we
          // keep.
          "Thread-# (activemq-srs-embedded)", 30,
          "Thread-# (activemq-scheduled-srs-embedded)",
              5, // scheduled-thread-pool-max-size, default 5
          "Thread-# (activemq-io-srs-embedded)", 5, // page-max-concurrent-io, default 5
          "Thread-# (activemq-paging-srs-embedded)", 5, // the same
          // The in-process publisher's client pool: Artemis' global client pool, 8 x cores by
          // default,
          // which the in-VM connector's executor shares.
          "Thread-# (activemq-client-global)", 8 * CORES,
          "Thread-# (activemq-org.apache.activemq.artemis.core.remoting.impl.invm.-in-v-m-connector)",
              8 * CORES,
          // Artemis gives the acceptors' pool no maximum (a cached pool); what it runs is ordered
          // per
          // broker connection, so it follows the connections open at once, not the calls. We hold
          // it to
          // the client pool's size.
          "Thread-# (activemq-remoting-service-srs-embedded)", 8 * CORES,
          "ForkJoinPool.commonPool-worker-#", Math.max(1, CORES - 1));

  /** The JVM's own threads that come and go with its work (compilers, GC workers), names folded. */
  private static final Pattern JVM_DYNAMIC =
      Pattern.compile("C# CompilerThread.*|GC Thread.*|G# Conc.*|G# Refine.*");

  /**
   * How many more threads the JVM's dynamic ones may add: at most a compiler and a GC worker a
   * core.
   */
  private static final int JVM_DYNAMIC_MAX = 2 * CORES;

  /**
   * @param histogram live bytes by class, after a full GC (empty when not sampled)
   */
  /**
   * @param threadNames by the kernel's 15-character copy of the name (cheap to read under load)
   * @param fullThreadNames by the JVM's full name (from a thread dump; empty when not sampled)
   */
  record Sample(
      int threads,
      int fds,
      int mediaSockets,
      long heapBytes,
      Map<String, Long> histogram,
      Map<String, Long> threadNames,
      Map<String, Long> fullThreadNames) {
    @Override
    public String toString() {
      return "threads="
          + threads
          + " fds="
          + fds
          + " mediaSockets="
          + mediaSockets
          + " heap="
          + heapBytes / 1024
          + " KB";
    }
  }

  @Test
  void twiceTheMaximumLoadInWavesLeavesThreadsFdsPortsAndHeapWhereTheyWere() throws Exception {
    try (SrsServerProcess server =
            SrsServerProcess.named("bounds")
                .env("SRS_SESSIONS_MAX", String.valueOf(MAX_SESSIONS))
                .env("SRS_SESSIONS_MAX_PER_SECOND", "10")
                .env("SRS_ADMIN_RECENT_SESSIONS", "10")
                .env("SRS_ARCHIVE_ENABLED", "false")
                .start();
        // ASR consumers drain the queues, as in production: an undrained queue is broker heap, not
        // ours.
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin())) {
      HttpClient http = HttpClient.newHttpClient();
      Sample idleAtStart = idle(server, http);
      List<Sample> idleAfter = new ArrayList<>();
      int peakThreads = 0;
      Sample atPeakThreads = null;
      int peakFds = 0;
      int peakSockets = 0;
      int peakSessions = 0;
      long setupsBefore = 0;
      long refusedBefore = 0;
      for (int wave = 0; wave < WAVES; wave++) {
        Sipp sipp =
            Sipp.scenario("siprec_soak.xml")
                .against(server)
                .calls(CALLS_PER_WAVE, 20, 2 * MAX_SESSIONS)
                .timeout(Duration.ofSeconds(60))
                .start();
        while (!sipp.finished()) {
          Sample s = sample(server, false);
          if (wave > 0
              && s.threads() > peakThreads) { // wave 0 grows the pools to their working size
            peakThreads = s.threads();
            atPeakThreads = s;
          }
          peakFds = Math.max(peakFds, s.fds());
          peakSockets = Math.max(peakSockets, s.mediaSockets());
          peakSessions = Math.max(peakSessions, activeSessions(server, http));
          Thread.sleep(250);
        }
        assertThat(sipp.await())
            .as("every call set up or refused cleanly\n" + sipp.errors())
            .isZero();
        String metrics = get(http, server.adminUrl() + "metrics");
        long setups = (long) metric(metrics, "srs_sip_setups_total", "");
        long refused = (long) metric(metrics, "srs_sip_rejections_total", "code=\"503\"");
        assertThat(setups - setupsBefore + refused - refusedBefore)
            .as("every INVITE answered 200 or 503")
            .isEqualTo(CALLS_PER_WAVE);
        assertThat(refused - refusedBefore).as("twice the load: some refused").isPositive();
        // The consumer has every session's end and the last chunk of its leg 1 (leg 2 carries no
        // RTP,
        // so no chunk): nothing of the wave is still queued in the in-process broker when the heap
        // is measured.
        long ended = setups;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((endedEvents(jms) < ended || lastChunks(jms) < ended)
            && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(endedEvents(jms))
            .as("a session.ended event for every session set up")
            .isEqualTo(ended);
        assertThat(lastChunks(jms))
            .as("a last chunk of leg 1 for every session set up")
            .isEqualTo(ended);
        Sample after = idle(server, http);
        idleAfter.add(after);
        System.out.printf(
            "[BoundsIT] wave %d: %d set up, %d refused with 503; idle after: %s%n",
            wave, setups - setupsBefore, refused - refusedBefore, after);
        setupsBefore = setups;
        refusedBefore = refused;
      }
      System.out.printf(
          "[BoundsIT] idle at start %s; peaks under load: %d sessions, %d threads, %d fds, "
              + "%d RTP/RTCP sockets%n",
          idleAtStart, peakSessions, peakThreads, peakFds, peakSockets);

      Sample warm = idleAfter.get(0);
      Sample first = idleAfter.get(1);
      Sample last = idleAfter.get(WAVES - 1);
      long heapGrowth = last.heapBytes() - first.heapBytes();
      System.out.printf(
          "[BoundsIT] live heap after waves 1..%d: %s KB (growth %d KB)%n",
          WAVES - 1,
          idleAfter.subList(1, WAVES).stream()
              .map(s -> String.valueOf(s.heapBytes() / 1024))
              .toList(),
          heapGrowth / 1024);

      SoftAssertions bounds = new SoftAssertions();
      // Positive controls: the samplers saw the load, so the bounds below are not met by seeing
      // nothing.
      bounds.assertThat(peakSessions).as("sessions seen at once under load").isPositive();
      bounds.assertThat(peakSockets).as("RTP/RTCP sockets seen under load").isPositive();
      bounds
          .assertThat(peakSessions)
          .as("admission holds the line")
          .isLessThanOrEqualTo(MAX_SESSIONS);
      // 2 streams a session, an RTP and an RTCP socket each.
      bounds.assertThat(peakSockets).isLessThanOrEqualTo(MAX_SESSIONS * 2 * 2);
      // Our own threads are a fixed set; a call never gets a thread of its own.
      bounds.assertThat(ours(atPeakThreads)).as("srs-* threads under load").isEqualTo(ours(warm));
      // Artemis' and the container's pools are bounded but grow lazily (a later wave may wake more
      // of them) and shrink after 60 s idle: under load, at most every pool at its maximum.
      bounds
          .assertThat(peakThreads - warm.threads())
          .as(
              "threads under load; by name, those that grew:\n%s",
              grewMost(warm.threadNames(), atPeakThreads.threadNames()))
          .isLessThanOrEqualTo(lazyRoom(warm));
      bounds
          .assertThat(peakFds - idleAtStart.fds())
          .as("fds under load")
          .isLessThanOrEqualTo(MAX_SESSIONS * 4 + 60);
      for (Sample s : idleAfter.subList(1, idleAfter.size())) {
        bounds.assertThat(s.mediaSockets()).as("no RTP socket left open").isZero();
        bounds.assertThat(ours(s)).as("srs-* threads after a wave").isEqualTo(ours(warm));
        bounds
            .assertThat(s.threads())
            .as("threads after a wave; grew:\n%s", grewMost(first.threadNames(), s.threadNames()))
            .isLessThanOrEqualTo(warm.threads() + lazyRoom(warm));
        // By pool: each within its maximum, every other name no more than after the warm-up wave
        // (a thread per call would be 40 a wave under some name).
        s.fullThreadNames()
            .forEach(
                (name, count) -> {
                  if (LAZY_POOLS.containsKey(name)) {
                    bounds
                        .assertThat(count)
                        .as("threads of pool %s", name)
                        .isLessThanOrEqualTo(LAZY_POOLS.get(name));
                  } else if (!JVM_DYNAMIC.matcher(name).matches()) {
                    bounds
                        .assertThat(count)
                        .as("threads named %s", name)
                        .isLessThanOrEqualTo(warm.fullThreadNames().getOrDefault(name, 0L));
                  }
                });
        // A leak only grows; an idle process may close some (63 once, after 40 s idle).
        bounds.assertThat(s.fds()).as("fds after a wave").isLessThanOrEqualTo(first.fds() + 3);
      }
      bounds
          .assertThat(heapGrowth)
          .as(
              "live heap growth over %d waves; grew most (bytes by class):\n%s",
              WAVES - 2, grewMost(first.histogram(), last.histogram()))
          .isLessThan(2L * 1024 * 1024);
      bounds.assertAll();
    }
  }

  /**
   * How many threads the lazy pools and the JVM's dynamic threads may still add to {@code warm}:
   * every pool at its maximum.
   */
  private static int lazyRoom(Sample warm) {
    int room = JVM_DYNAMIC_MAX;
    for (Map.Entry<String, Integer> pool : LAZY_POOLS.entrySet()) {
      room +=
          Math.max(
              0,
              pool.getValue() - warm.fullThreadNames().getOrDefault(pool.getKey(), 0L).intValue());
    }
    return room;
  }

  /** Threads by full name, digits folded, from a thread dump. */
  private static Map<String, Long> fullThreadNames(SrsServerProcess server)
      throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    ExternalTool.Run run =
        ExternalTool.run(
            new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "Thread.print"),
            Duration.ofSeconds(60));
    assertThat(run.exit()).as("jcmd Thread.print:\n" + run.output()).isZero();
    Map<String, Long> names = new HashMap<>();
    Matcher thread = Pattern.compile("(?m)^\"([^\"]*)\" ").matcher(run.output());
    while (thread.find()) {
      names.merge(thread.group(1).replaceAll("\\d+", "#"), 1L, Long::sum);
    }
    assertThat(names).as("threads in the dump").isNotEmpty();
    return names;
  }

  /** Threads the server itself names (srs-*), by name. */
  private static Map<String, Long> ours(Sample s) {
    Map<String, Long> ours = new HashMap<>(s.threadNames());
    ours.keySet().removeIf(name -> !name.startsWith("srs-"));
    return ours;
  }

  private static long lastChunks(JmsProbe jms) {
    return jms.chunks().stream().filter(JmsProbe.Chunk::last).count();
  }

  private static long endedEvents(JmsProbe jms) {
    return jms.events().stream().filter(e -> e.type().equals("session.ended")).count();
  }

  /** Waits until the server holds no session, then samples it after a full GC. */
  private static Sample idle(SrsServerProcess server, HttpClient http) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (activeSessions(server, http) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(activeSessions(server, http)).as("sessions ended").isZero();
    // Ports are closed just after a session ends: wait (bounded) until none is open. A socket that
    // stays open past the bound shows in the sample, and the caller's check fails.
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sample(server, false).mediaSockets() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    // A SIP transaction outlives its call by Timer H, I, J or K (up to 64 x T1 = 32 s, RFC 3261
    // 17.2): the last wave's are still in the heap at first, and as many as ended within 32 s.
    // Idle means the stack has let them go (bounded: one that never goes shows as growth).
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    Sample s = sample(server, true);
    while (sipTransactions(s) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(2000);
      s = sample(server, true);
    }
    return s;
  }

  /** Live bytes of SIP transactions (JAIN-SIP's server and client transaction objects). */
  private static long sipTransactions(Sample s) {
    return s.histogram().getOrDefault("gov.nist.javax.sip.stack.SIPServerTransactionImpl", 0L)
        + s.histogram().getOrDefault("gov.nist.javax.sip.stack.SIPClientTransactionImpl", 0L);
  }

  private static Sample sample(SrsServerProcess server, boolean withHeap)
      throws IOException, InterruptedException {
    Path proc = Path.of("/proc", String.valueOf(server.pid()));
    int threads = 0;
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring(8).trim());
      }
    }
    Set<String> socketInodes = new HashSet<>();
    int fds = 0;
    try (Stream<Path> entries = Files.list(proc.resolve("fd"))) {
      for (Path fd : entries.toList()) {
        fds++;
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            socketInodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed while we listed
        }
      }
    }
    int mediaSockets = 0;
    for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> rows = Files.readAllLines(file);
      for (String line : rows.subList(1, rows.size())) {
        String[] f = line.trim().split("\\s+");
        int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
        if (port >= server.mediaMin && port <= server.mediaMax + 1 && socketInodes.contains(f[9])) {
          mediaSockets++;
        }
      }
    }
    Map<String, Long> histogram = withHeap ? liveHistogram(server) : Map.of();
    return new Sample(
        threads,
        fds,
        mediaSockets,
        histogram.getOrDefault(TOTAL, -1L),
        histogram,
        threadNames(proc),
        withHeap ? fullThreadNames(server) : Map.of());
  }

  /**
   * Threads by name, digits folded ("srs-rtp-#"): the kernel's 15-character copy, cheap to read.
   */
  private static Map<String, Long> threadNames(Path proc) throws IOException {
    Map<String, Long> names = new HashMap<>();
    try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
      for (Path task : tasks.toList()) {
        try {
          names.merge(
              Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "#"), 1L, Long::sum);
        } catch (IOException gone) {
          // the thread ended while we listed
        }
      }
    }
    return names;
  }

  private static final String TOTAL = "(total)";

  /**
   * What grew most between two counts by name (live bytes by class, threads by name): where a leak
   * shows.
   */
  private static String grewMost(Map<String, Long> before, Map<String, Long> after) {
    StringBuilder out = new StringBuilder();
    after.entrySet().stream()
        .filter(e -> !e.getKey().equals(TOTAL))
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(20)
        .forEach(e -> out.append(String.format("%12d  %s%n", e.getValue(), e.getKey())));
    return out.toString();
  }

  /** The class histogram: jcmd runs a full GC first, so this is what is live. */
  private static Map<String, Long> liveHistogram(SrsServerProcess server)
      throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    ExternalTool.Run run =
        ExternalTool.run(
            new ProcessBuilder(jcmd.toString(), String.valueOf(server.pid()), "GC.class_histogram"),
            Duration.ofSeconds(60));
    String out = run.output();
    assertThat(run.exit()).as("jcmd GC.class_histogram:\n" + out).isZero();
    Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(out);
    assertThat(total.find()).as("jcmd class histogram:\n" + out).isTrue();
    Map<String, Long> histogram = new HashMap<>();
    histogram.put(TOTAL, Long.parseLong(total.group(1)));
    Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)").matcher(out);
    while (row.find()) {
      histogram.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
    }
    return histogram;
  }

  private static int activeSessions(SrsServerProcess server, HttpClient http) {
    Matcher m =
        Pattern.compile("\"activeSessions\":\\s*(\\d+)")
            .matcher(get(http, server.adminUrl() + "health"));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** A sample's value from the Prometheus text, the first whose labels contain {@code label}. */
  private static double metric(String metrics, String name, String label) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)")
            .matcher(metrics);
    while (m.find()) {
      if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
        return Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  private static String get(HttpClient http, String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
