package io.siprec.srs.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The profile evidence of a load run, from a JFR recording of the server: the top frames of
 * execution samples (where the CPU goes, by top frame and by the first frame in our own code) and
 * the top allocation sites (sampled allocation weight, by the first frame in our own code and by
 * allocated class). Prints markdown.
 */
public final class JfrTop {
  public static void main(String[] args) throws IOException {
    Map<String, String> a = Args.parse(args);
    Path file = Path.of(a.get("jfr"));
    int top = Integer.parseInt(a.getOrDefault("top", "15"));
    String ours = a.getOrDefault("package", "io.siprec.");
    Map<String, Long> byTopFrame = new HashMap<>();
    Map<String, Long> byOurFrame = new HashMap<>();
    Map<String, Long> byThread = new HashMap<>();
    Map<String, Long> allocByOurFrame = new HashMap<>();
    Map<String, Long> allocByTopFrame = new HashMap<>();
    Map<String, Long> allocByClass = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        samples++;
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        List<RecordedFrame> frames = st.getFrames();
        byTopFrame.merge(name(frames.get(0)), 1L, Long::sum);
        byOurFrame.merge(firstOurs(frames, ours), 1L, Long::sum);
        var thread = e.getThread("sampledThread");
        byThread.merge(thread == null ? "?" : threadGroup(thread.getJavaName()), 1L, Long::sum);
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        long weight = e.getLong("weight");
        allocated += weight;
        RecordedStackTrace st = e.getStackTrace();
        String cls = e.getClass("objectClass").getName();
        allocByClass.merge(cls, weight, Long::sum);
        if (st != null && !st.getFrames().isEmpty()) {
          allocByTopFrame.merge(name(st.getFrames().get(0)) + " (" + cls + ")", weight, Long::sum);
          allocByOurFrame.merge(firstOurs(st.getFrames(), ours), weight, Long::sum);
        }
      }
    }
    System.out.printf(
        "%d execution samples, %.1f MB sampled allocation weight%n%n", samples, allocated / 1e6);
    print("CPU by thread", byThread, samples, top, "samples");
    print("CPU by top frame", byTopFrame, samples, top, "samples");
    print("CPU by first frame in " + ours + "*", byOurFrame, samples, top, "samples");
    print("Allocation by first frame in " + ours + "*", allocByOurFrame, allocated, top, "bytes");
    print("Allocation by top frame (class)", allocByTopFrame, allocated, top, "bytes");
    print("Allocation by class", allocByClass, allocated, top, "bytes");
  }

  /** Thread names without their numbers, so that pools add up. */
  private static String threadGroup(String name) {
    return name == null ? "?" : name.replaceAll("[-#]?\\d+", "-N");
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String firstOurs(List<RecordedFrame> frames, String prefix) {
    for (RecordedFrame f : frames) {
      if (f.getMethod().getType().getName().startsWith(prefix)) {
        return name(f) + ":" + f.getLineNumber();
      }
    }
    return "(none of ours)";
  }

  private static void print(
      String title, Map<String, Long> counts, long total, int top, String unit) {
    System.out.println("### " + title + "\n");
    System.out.println("| share | " + unit + " | frame |\n|---|---|---|");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "| %.1f%% | %d | `%s` |%n",
                    100.0 * e.getValue() / Math.max(1, total), e.getValue(), e.getKey()));
    System.out.println();
  }
}
