package io.siprec.srs.bench.load;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Turns one load run's raw files into its figures: {@code results.properties} in the run directory,
 * a row appended to a CSV, and that CSV rendered as the markdown table between the markers of a
 * results page.
 *
 * <p>Inputs (all in the run directory): {@code run.properties} (what bench/run-load.sh sampled from
 * /proc and jcmd), the generator's and the consumer's files, SIPp's RTT and statistics files.
 */
public final class LoadReport {
  static final String TABLE_BEGIN =
      "<!-- capacity table: generated from capacity.csv by LoadReport -->";
  static final String TABLE_END = "<!-- end of capacity table -->";

  /** Columns of the CSV, in order. */
  static final String[] COLUMNS = {
    "run",
    "label",
    "codec",
    "calls",
    "durationS",
    "cps",
    "receiveThreads",
    "archive",
    "callsOk",
    "callsFailed",
    "windowS",
    "srsCpuMsPerCallSecond",
    "srsCpuMsPerDeliveredCallSecond",
    "callsPerCore",
    "srsCpuPercent",
    "machineBusyPercent",
    "otherBusyPercent",
    "generatorCpuPercent",
    "consumerCpuPercent",
    "sippCpuPercent",
    "packetsSent",
    "packetsReceived",
    "packetsDecoded",
    "packetsLost",
    "packetsLate",
    "packetsPublished",
    "packetsNonAudio",
    "packetsDroppedInSrs",
    "dropsByReason",
    "concealedSeconds",
    "chunksPublished",
    "chunksConsumed",
    "chunksDroppedBySrs",
    "chunksDroppedByPublisher",
    "chunksDroppedByArchive",
    "kernelRcvbufErrors",
    "kernelInErrors",
    "latencyP50Ms",
    "latencyP99Ms",
    "latencyMaxMs",
    "latencyAllP99Ms",
    "latencyAllMaxMs",
    "latencyMissedInWindow",
    "srsViewLatencyP50Ms",
    "srsViewLatencyP99Ms",
    "packetsUnaccounted",
    "firstChunkP50Ms",
    "firstChunkP99Ms",
    "firstChunkMaxMs",
    "inviteP50Ms",
    "inviteP99Ms",
    "inviteMaxMs",
    "sustainedCps",
    "heapIdleMB",
    "heapLoadedMB",
    "heapPerCallKB",
    "threadsIdle",
    "threadsLoaded",
    "fdsIdle",
    "fdsLoaded",
    "genTickP99Us",
    "genTickMaxUs",
    "genTicksLate5ms"
  };

  public static void main(String[] args) throws IOException {
    Map<String, String> a = Args.parse(args);
    Path dir = Path.of(a.get("run-dir"));
    Properties run = load(dir.resolve("run.properties"));
    Properties gen = load(dir.resolve("generator.properties"));
    Properties con = load(dir.resolve("consumer.properties"));
    Map<String, String> r = new LinkedHashMap<>();

    r.put("run", run.getProperty("runId"));
    r.put("label", run.getProperty("label", ""));
    r.put("codec", run.getProperty("codec"));
    int calls = Integer.parseInt(run.getProperty("calls"));
    r.put("calls", String.valueOf(calls));
    r.put("durationS", run.getProperty("durationSeconds"));
    r.put("cps", run.getProperty("rate"));
    r.put("receiveThreads", run.getProperty("receiveThreads"));
    r.put("archive", run.getProperty("archive"));

    Map<String, String> sippStats =
        lastStatLine(dir.resolve(run.getProperty("sippStatFile", "sipp-stat.csv")));
    r.put("callsOk", sippStats.getOrDefault("SuccessfulCall(C)", "?"));
    r.put("callsFailed", sippStats.getOrDefault("FailedCall(C)", "?"));

    // CPU over the steady-state window, all calls up.
    double windowS = (num(run, "windowEndMillis") - num(run, "windowStartMillis")) / 1000.0;
    double tck = num(run, "clkTck");
    double srsCpuS = (num(run, "srsTicksEnd") - num(run, "srsTicksStart")) / tck;
    double msPerCallSecond = srsCpuS * 1000 / (calls * windowS);
    r.put("windowS", fmt(windowS, 1));
    r.put("srsCpuMsPerCallSecond", fmt(msPerCallSecond, 3));
    // Per call-second the consumer actually got: at saturation the nominal figure falls because
    // the work not done in the window is not spent in it; this one does not.
    double delivered =
        deliveredCallSeconds(
            dir,
            num(run, "windowStartMillis"),
            num(run, "windowEndMillis"),
            Integer.parseInt(run.getProperty("sampleRate", "16000")));
    r.put(
        "srsCpuMsPerDeliveredCallSecond", delivered > 0 ? fmt(srsCpuS * 1000 / delivered, 3) : "-");
    r.put("callsPerCore", fmt(1000 / msPerCallSecond, 0));
    r.put("srsCpuPercent", fmt(100 * srsCpuS / windowS, 1));
    double machineTicks = num(run, "statTotalEnd") - num(run, "statTotalStart");
    double machineIdle = num(run, "statIdleEnd") - num(run, "statIdleStart");
    double busyPercent = 100 * (machineTicks - machineIdle) / machineTicks; // of all cores
    double cores = num(run, "cores");
    double ours = 0;
    for (String p : new String[] {"srs", "gen", "con", "sipp"}) {
      ours += num(run, p + "TicksEnd") - num(run, p + "TicksStart");
    }
    double ourPercent = 100 * ours / tck / windowS / cores;
    r.put("machineBusyPercent", fmt(busyPercent, 1));
    r.put("otherBusyPercent", fmt(Math.max(0, busyPercent - ourPercent), 1));
    r.put(
        "generatorCpuPercent",
        fmt(100 * (num(run, "genTicksEnd") - num(run, "genTicksStart")) / tck / windowS, 1));
    r.put(
        "consumerCpuPercent",
        fmt(100 * (num(run, "conTicksEnd") - num(run, "conTicksStart")) / tck / windowS, 1));
    r.put(
        "sippCpuPercent",
        fmt(100 * (num(run, "sippTicksEnd") - num(run, "sippTicksStart")) / tck / windowS, 1));

    // Packets through the stages.
    long sent = lng(gen, "packetsSent");
    r.put("packetsSent", String.valueOf(sent));
    r.put("packetsReceived", con.getProperty("ended.packetsReceived", "0"));
    r.put("packetsDecoded", con.getProperty("ended.packetsDecoded", "0"));
    r.put("packetsLost", con.getProperty("ended.packetsLost", "0"));
    r.put("packetsLate", con.getProperty("ended.packetsLate", "0"));
    // Each packet counted by the stream that received it (session.ended): published, non-audio,
    // or dropped inside the server with a stage and reason.
    r.put("packetsPublished", con.getProperty("ended.packetsPublished", "0"));
    r.put("packetsNonAudio", con.getProperty("ended.packetsNonAudio", "0"));
    r.put("packetsDroppedInSrs", con.getProperty("ended.packetsDropped", "0"));
    StringBuilder reasons = new StringBuilder();
    for (String key : con.stringPropertyNames().stream().sorted().toList()) {
      if (key.startsWith("ended.drops.") && lng(con, key) > 0) {
        reasons
            .append(reasons.length() == 0 ? "" : "; ")
            .append(key.substring(12))
            .append(' ')
            .append(lng(con, key));
      }
    }
    r.put("dropsByReason", reasons.length() == 0 ? "none" : reasons.toString());
    int rate = Integer.parseInt(run.getProperty("sampleRate", "16000"));
    r.put("concealedSeconds", fmt(num(con, "ended.samplesConcealed") / rate, 1));
    r.put("chunksPublished", con.getProperty("ended.chunksPublished", "0"));
    r.put("chunksConsumed", con.getProperty("chunksReceived", "0"));
    // What the consumer learnt from the chunks' srsChunksDroppedBefore, and what the server's own
    // counters say (read from /srs/metrics once every call had ended).
    r.put("chunksDroppedBySrs", con.getProperty("chunksDroppedBySrs", "0"));
    Path metrics = dir.resolve("metrics-end.txt");
    r.put(
        "chunksDroppedByPublisher",
        Files.exists(metrics) ? fmt(metric(metrics, "srs_jms_chunks_dropped_total"), 0) : "?");
    r.put(
        "chunksDroppedByArchive",
        Files.exists(metrics) ? fmt(metric(metrics, "srs_archive_chunks_dropped_total"), 0) : "?");
    r.put(
        "kernelRcvbufErrors",
        String.valueOf(lng(run, "udpRcvbufErrorsEnd") - lng(run, "udpRcvbufErrorsStart")));
    r.put(
        "kernelInErrors",
        String.valueOf(lng(run, "udpInErrorsEnd") - lng(run, "udpInErrorsStart")));

    // Sent but in no stream's statistics and not dropped by the kernel for want of buffer: sent
    // to a port already closed (after BYE) or before the stream was ready.
    r.put(
        "packetsUnaccounted",
        String.valueOf(
            sent
                - lng(con, "ended.packetsReceived")
                - (lng(run, "udpRcvbufErrorsEnd") - lng(run, "udpRcvbufErrorsStart"))));

    // Chunk latency, from the packet that completed the chunk leaving the generator to the
    // consumer having it: steady-state window, and the whole run.
    long[] window = new long[LATENCY_BUCKETS];
    long[] all = new long[LATENCY_BUCKETS];
    chunkLatencies(
        dir, (long) num(run, "windowStartMillis"), (long) num(run, "windowEndMillis"), window, all);
    // A chunk the server dropped counts as missed (above every latency): a percentile that falls
    // among them says "missed", not a figure that leaves them out.
    r.put("latencyP50Ms", latencyFigure(window, 0.50));
    r.put("latencyP99Ms", latencyFigure(window, 0.99));
    r.put("latencyMaxMs", latencyFigure(window, 1.0));
    r.put("latencyAllP99Ms", latencyFigure(all, 0.99));
    r.put("latencyAllMaxMs", latencyFigure(all, 1.0));
    r.put("latencyMissedInWindow", String.valueOf(window[LATENCY_BUCKETS - 1]));
    // The SRS's own view (from srsCaptureTime), which leaves out time spent in the socket buffer.
    long[] srsWindow = new long[LATENCY_BUCKETS];
    long[] srsAll = new long[LATENCY_BUCKETS];
    readLatency(
        dir.resolve("latency.csv"),
        num(run, "windowStartMillis") / 1000,
        num(run, "windowEndMillis") / 1000,
        srsWindow,
        srsAll);
    r.put("srsViewLatencyP50Ms", String.valueOf(percentile(srsWindow, 0.50)));
    r.put("srsViewLatencyP99Ms", String.valueOf(percentile(srsWindow, 0.99)));

    // First RTP packet sent -> first chunk received, per stream.
    List<Long> firstChunk = firstChunkDelays(dir);
    r.put("firstChunkP50Ms", String.valueOf(quantile(firstChunk, 0.50)));
    r.put("firstChunkP99Ms", String.valueOf(quantile(firstChunk, 0.99)));
    r.put("firstChunkMaxMs", String.valueOf(quantile(firstChunk, 1.0)));

    // INVITE -> 200 (SIPp's rtd), and the rate at which calls were actually answered.
    List<Long> rtt = new ArrayList<>();
    List<Long> at = new ArrayList<>();
    Path rttFile = dir.resolve(run.getProperty("sippRttFile", "sipp-rtt.csv"));
    if (Files.exists(rttFile)) {
      for (String line : Files.readAllLines(rttFile)) {
        String[] f = line.split(";");
        if (f.length >= 2 && f[0].matches("[0-9.]+")) {
          at.add((long) Double.parseDouble(f[0]));
          rtt.add(Math.round(Double.parseDouble(f[1])));
        }
      }
    }
    r.put("inviteP50Ms", String.valueOf(quantile(rtt, 0.50)));
    r.put("inviteP99Ms", String.valueOf(quantile(rtt, 0.99)));
    r.put("inviteMaxMs", String.valueOf(quantile(rtt, 1.0)));
    at.sort(null);
    r.put(
        "sustainedCps",
        at.size() < 2
            ? "?"
            : fmt((at.size() - 1) * 1000.0 / Math.max(1, at.get(at.size() - 1) - at.get(0)), 1));

    // Live objects after a full GC (the class histogram's total) when it was taken, else G1's
    // "used".
    double heapIdle = histogramTotalKB(dir.resolve("histogram-idle.txt"), num(run, "heapIdleKB"));
    double heapLoaded =
        histogramTotalKB(dir.resolve("histogram-loaded.txt"), num(run, "heapLoadedKB"));
    r.put("heapIdleMB", fmt(heapIdle / 1024, 1));
    r.put("heapLoadedMB", fmt(heapLoaded / 1024, 1));
    r.put("heapPerCallKB", fmt((heapLoaded - heapIdle) / calls, 1));
    r.put("threadsIdle", run.getProperty("threadsIdle"));
    r.put("threadsLoaded", run.getProperty("threadsLoaded"));
    r.put("fdsIdle", run.getProperty("fdsIdle"));
    r.put("fdsLoaded", run.getProperty("fdsLoaded"));
    r.put("genTickP99Us", gen.getProperty("tickLatenessP99Micros"));
    r.put("genTickMaxUs", gen.getProperty("tickLatenessMaxMicros"));
    r.put("genTicksLate5ms", gen.getProperty("ticksLateOver5ms"));

    try (var w = Files.newBufferedWriter(dir.resolve("results.properties"))) {
      for (Map.Entry<String, String> e : r.entrySet()) {
        w.write(e.getKey() + "=" + e.getValue() + "\n");
      }
    }
    StringBuilder summary = new StringBuilder();
    r.forEach((k, v) -> summary.append(String.format("  %-24s %s%n", k, v)));
    System.out.print(summary);

    if (a.containsKey("csv")) {
      Path csv = Path.of(a.get("csv"));
      boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
      StringBuilder row = new StringBuilder();
      if (fresh) {
        row.append(String.join(",", COLUMNS)).append('\n');
      }
      List<String> values = new ArrayList<>();
      for (String c : COLUMNS) {
        values.add(r.getOrDefault(c, ""));
      }
      row.append(String.join(",", values)).append('\n');
      Files.writeString(
          csv,
          row,
          fresh ? StandardOpenOption.CREATE : StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      if (a.containsKey("md")) {
        renderTable(
            csv,
            Path.of(a.get("md")),
            String.format(
                "Machine: %s cores (%s), %.1f GB memory, %s; load generator, SIPp and consumer on the same machine.",
                run.getProperty("cores"),
                run.getProperty("cpuModel"),
                num(run, "memTotalKB") / 1024 / 1024,
                run.getProperty("javaVersion", "").replace("\"", "")));
      }
    }
  }

  private static final int LATENCY_OFFSET = 100;
  private static final int LATENCY_BUCKETS = LATENCY_OFFSET + 20_000;

  private static void readLatency(
      Path file, double fromSecond, double toSecond, long[] window, long[] all) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split(" ");
      long second = Long.parseLong(f[0]);
      boolean inWindow = second >= fromSecond && second < toSecond;
      for (int i = 1; i < f.length; i++) {
        int colon = f[i].indexOf(':');
        int latency = Integer.parseInt(f[i].substring(0, colon));
        long count = Long.parseLong(f[i].substring(colon + 1));
        int bucket = Math.max(0, Math.min(LATENCY_BUCKETS - 1, latency + LATENCY_OFFSET));
        all[bucket] += count;
        if (inWindow) {
          window[bucket] += count;
        }
      }
    }
  }

  /**
   * @return the latency in ms at quantile q of a histogram; q = 1 gives the maximum
   */
  /**
   * A percentile of the send-grid latency in ms, or "missed" when it falls among dropped chunks.
   */
  private static String latencyFigure(long[] histogram, double q) {
    long p = percentile(histogram, q);
    return p == LATENCY_BUCKETS - 1 - LATENCY_OFFSET ? "missed" : String.valueOf(p);
  }

  private static long percentile(long[] histogram, double q) {
    long total = Arrays.stream(histogram).sum();
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= rank) {
        return i - LATENCY_OFFSET;
      }
    }
    return histogram.length - 1 - LATENCY_OFFSET;
  }

  private static long quantile(List<Long> values, double q) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.max(0, Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    return sorted.get(index);
  }

  /**
   * Joins the generator's first send per leg with the consumer's first chunk, by call-id and label.
   */
  /**
   * The generator's grid has packet k of a leg go out at firstDue + k x 20 ms, and the SRS's sample
   * 0 is that leg's first packet, so the packet that completed a chunk ending at stream time E ms
   * was due at firstDue + (ceil(E / 20) - 1) x 20: latency is from the send grid, the generator's
   * own lateness included. (Until 2026-12-08 it was from the first packet's actual send time, which
   * a late first tick moved later than the grid the rest kept: p50s read a few ms below zero.)
   */
  private static void chunkLatencies(
      Path dir, long windowStart, long windowEnd, long[] window, long[] all) throws IOException {
    Path gen = dir.resolve("generator-streams.csv");
    Path arrivals = dir.resolve("chunk-arrivals.csv");
    if (!Files.exists(gen) || !Files.exists(arrivals)) {
      return;
    }
    Map<String, Long> firstSend = new HashMap<>();
    for (String line : Files.readAllLines(gen)) {
      String[] f = line.split(",");
      if (f.length > 4 && !f[0].equals("callNumber")) {
        firstSend.put(f[1] + "," + f[2], Long.parseLong(f.length > 9 ? f[9] : f[4]));
      }
    }
    try (var lines = Files.lines(arrivals)) {
      lines
          .skip(1)
          .forEach(
              line -> {
                int c2 = line.indexOf(',', line.indexOf(',') + 1);
                int c3 = line.indexOf(',', c2 + 1);
                Long sentAt = firstSend.get(line.substring(0, c2));
                if (sentAt == null || sentAt <= 0) {
                  return;
                }
                long endMs = Long.parseLong(line.substring(c2 + 1, c3));
                long received = Long.parseLong(line.substring(c3 + 1));
                long completingPacketSent =
                    sentAt + ((endMs + PACKET_MS - 1) / PACKET_MS - 1) * PACKET_MS;
                boolean missed = received < 0; // dropped by the server: never arrives
                int bucket =
                    missed
                        ? LATENCY_BUCKETS - 1
                        : (int)
                            Math.max(
                                0,
                                Math.min(
                                    LATENCY_BUCKETS - 1,
                                    received - completingPacketSent + LATENCY_OFFSET));
                all[bucket]++;
                long at = missed ? completingPacketSent : received;
                if (at >= windowStart && at < windowEnd) {
                  window[bucket]++;
                }
              });
    }
  }

  private static final long PACKET_MS = 20;

  /**
   * Call-seconds of audio the consumer received within the window (whole seconds of its clock that
   * lie inside it): samples / rate / 2 legs.
   */
  private static double deliveredCallSeconds(
      Path dir, double windowStart, double windowEnd, int rate) throws IOException {
    Path file = dir.resolve("delivered.csv");
    if (!Files.exists(file)) {
      return 0;
    }
    long samples = 0;
    long seconds = 0;
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split(",");
      if (f.length != 2 || f[0].startsWith("epoch")) {
        continue;
      }
      long second = Long.parseLong(f[0]);
      if (second * 1000 >= windowStart && (second + 1) * 1000 <= windowEnd) {
        samples += Long.parseLong(f[1]);
        seconds++;
      }
    }
    double windowSeconds = (windowEnd - windowStart) / 1000.0;
    // Scaled from the whole seconds counted to the window's length.
    return seconds == 0 ? 0 : samples / (double) rate / 2 * windowSeconds / seconds;
  }

  private static List<Long> firstChunkDelays(Path dir) throws IOException {
    Map<String, Long> firstSend = new HashMap<>();
    Path gen = dir.resolve("generator-streams.csv");
    Path con = dir.resolve("consumer-streams.csv");
    List<Long> out = new ArrayList<>();
    if (!Files.exists(gen) || !Files.exists(con)) {
      return out;
    }
    for (String line : Files.readAllLines(gen)) {
      String[] f = line.split(",");
      if (f.length > 4 && !f[0].equals("callNumber")) {
        firstSend.put(f[1] + "/" + f[2], Long.parseLong(f[4]));
      }
    }
    for (String line : Files.readAllLines(con)) {
      String[] f = line.split(",");
      if (f.length > 7 && !f[0].equals("sessionId")) {
        Long sentAt = firstSend.get(f[1] + "/" + f[2]);
        if (sentAt != null && sentAt > 0) {
          out.add(Long.parseLong(f[7]) - sentAt);
        }
      }
    }
    return out;
  }

  private static double histogramTotalKB(Path file, double otherwise) throws IOException {
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.trim().split("\\s+");
        if (f.length == 3 && f[0].equals("Total")) {
          return Double.parseDouble(f[2]) / 1024;
        }
      }
    }
    return otherwise;
  }

  private static Map<String, String> lastStatLine(Path file) throws IOException {
    Map<String, String> out = new HashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file);
    if (lines.size() < 2) {
      return out;
    }
    String[] header = lines.get(0).split(";");
    String[] last = lines.get(lines.size() - 1).split(";");
    for (int i = 0; i < Math.min(header.length, last.length); i++) {
      out.put(header[i], last[i]);
    }
    return out;
  }

  /** Rewrites the part of {@code md} between the markers as a table of the CSV's main columns. */
  static void renderTable(Path csv, Path md, String machine) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty()) {
      return;
    }
    List<String> header = Arrays.asList(lines.get(0).split(","));
    String[][] shown = {
      {"label", "run"},
      {"codec", "codec"},
      {"calls", "calls"},
      {"cps", "setup cps"},
      {"receiveThreads", "rx thr"},
      {"callsOk", "ok"},
      {"callsFailed", "failed"},
      {"srsCpuMsPerCallSecond", "SRS CPU ms/call-s"},
      {"srsCpuMsPerDeliveredCallSecond", "SRS CPU ms/delivered call-s"},
      {"callsPerCore", "calls/core"},
      {"srsCpuPercent", "SRS CPU %"},
      {"machineBusyPercent", "machine busy %"},
      {"otherBusyPercent", "others' load %"},
      {"packetsSent", "pkts sent"},
      {"kernelRcvbufErrors", "kernel drops"},
      {"packetsUnaccounted", "sent, not received"},
      {"packetsReceived", "received"},
      {"packetsLost", "seq. gaps"},
      {"packetsDecoded", "decoded"},
      {"packetsPublished", "published"},
      {"packetsDroppedInSrs", "dropped in SRS"},
      {"dropsByReason", "drops by stage.reason"},
      {"concealedSeconds", "concealed s"},
      {"chunksPublished", "chunks pub"},
      {"chunksDroppedByPublisher", "chunks dropped by publisher"},
      {"chunksConsumed", "chunks consumed"},
      {"latencyP50Ms", "lat p50"},
      {"latencyP99Ms", "lat p99"},
      {"latencyMaxMs", "lat max"},
      {"srsViewLatencyP99Ms", "SRS-view lat p99"},
      {"firstChunkP50Ms", "1st chunk p50"},
      {"firstChunkP99Ms", "1st chunk p99"},
      {"inviteP50Ms", "INVITE-200 p50"},
      {"inviteP99Ms", "INVITE-200 p99"},
      {"sustainedCps", "answered cps"},
      {"heapPerCallKB", "heap KB/call"},
      {"threadsLoaded", "threads"},
      {"fdsLoaded", "fds"}
    };
    StringBuilder t = new StringBuilder();
    t.append(TABLE_BEGIN).append("\n\n").append(machine).append("\n\n|");
    for (String[] c : shown) {
      t.append(' ').append(c[1]).append(" |");
    }
    t.append("\n|");
    for (int i = 0; i < shown.length; i++) {
      t.append("---|");
    }
    t.append('\n');
    for (String line : lines.subList(1, lines.size())) {
      String[] v = line.split(",", -1);
      t.append('|');
      for (String[] c : shown) {
        int i = header.indexOf(c[0]);
        String value = i >= 0 && i < v.length ? v[i] : "";
        if (c[0].equals("label") && value.isEmpty()) {
          value = v[header.indexOf("run")];
        }
        t.append(' ').append(value).append(" |");
      }
      t.append('\n');
    }
    t.append('\n').append(TABLE_END);
    String page = Files.exists(md) ? Files.readString(md) : TABLE_BEGIN + "\n" + TABLE_END + "\n";
    int from = page.indexOf(TABLE_BEGIN);
    int to = page.indexOf(TABLE_END);
    if (from < 0 || to < 0) {
      page = page + "\n" + t + "\n";
    } else {
      page = page.substring(0, from) + t + page.substring(to + TABLE_END.length());
    }
    Files.writeString(md, page);
  }

  /** The sum of every series of a metric in a Prometheus text exposition. */
  private static double metric(Path exposition, String name) throws IOException {
    double sum = 0;
    for (String line : Files.readAllLines(exposition)) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
    }
    return p;
  }

  private static double num(Properties p, String key) {
    String v = p.getProperty(key);
    return v == null || v.isBlank() ? 0 : Double.parseDouble(v.trim());
  }

  private static long lng(Properties p, String key) {
    return (long) num(p, key);
  }

  private static String fmt(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "?";
  }
}
