package io.siprec.srs.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one stage of a stream's media path did (docs/media.md, "The media path"): items in, items
 * handed on, items dropped by reason, what else it counted, and the processor time it took. An
 * immutable snapshot; {@link StreamStatistics#stages()} lists one per stage in chain order.
 *
 * <p>A stage's {@code in} minus {@code out} minus its drops is what it consumed (RTCP, DTMF,
 * comfort-noise descriptors, packets while paused) or holds (the reorder buffer, a chunk being
 * filled). In a stage that converts, in and out are at different rates.
 *
 * @param stage the stage's name: ingress, reorder, demux, dtmf, comfort-noise, decode, resample,
 *     timeline, chunk, publish
 * @param unit what {@code in}, {@code out} and {@code dropped} count
 * @param dropped by reason, every reason the stage has (zeros included), in a fixed order; for the
 *     packet stages the reasons are those of {@link PacketDrop} under the stage's name
 * @param counts other figures of the stage by name (reorder restarts, resampler runs, chunks ...)
 * @param cpuNanos processor time spent in the stage itself, not in the stages it hands on to:
 *     estimated from a sample of the packets (docs/media.md says how)
 */
public record StageFigures(
    String stage,
    Unit unit,
    long in,
    long out,
    Map<String, Long> dropped,
    Map<String, Long> counts,
    long cpuNanos) {

  /** What a stage counts. */
  public enum Unit {
    /** RTP packets (datagrams, for ingress). */
    PACKETS,
    /** PCM samples, at the rate of the stage's own input or output. */
    SAMPLES,
    /** Published chunks. */
    CHUNKS;

    /** As in the JSON: {@code packets}, {@code samples}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public StageFigures {
    dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** Everything the stage dropped, every reason. */
  public long droppedTotal() {
    long sum = 0;
    for (long n : dropped.values()) {
      sum += n;
    }
    return sum;
  }

  /** Dropped for {@code reason}; 0 for a reason the stage does not have. */
  public long dropped(String reason) {
    return dropped.getOrDefault(reason, 0L);
  }

  /** The stage's figure {@code name}; 0 for one it does not keep. */
  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  /** The two summed, figure by figure: the same stage of two streams. */
  public StageFigures plus(StageFigures other) {
    if (!stage.equals(other.stage) || unit != other.unit) {
      throw new IllegalArgumentException("cannot add stage " + other.stage + " to stage " + stage);
    }
    return new StageFigures(
        stage,
        unit,
        in + other.in,
        out + other.out,
        sum(dropped, other.dropped),
        sum(counts, other.counts),
        cpuNanos + other.cpuNanos);
  }

  /**
   * Two lists of stage figures added stage by stage, matched by name, in the order of {@code a}
   * (then stages only {@code b} has).
   */
  public static List<StageFigures> sum(List<StageFigures> a, List<StageFigures> b) {
    Map<String, StageFigures> byStage = new LinkedHashMap<>();
    for (StageFigures f : a) {
      byStage.merge(f.stage(), f, StageFigures::plus);
    }
    for (StageFigures f : b) {
      byStage.merge(f.stage(), f, StageFigures::plus);
    }
    return List.copyOf(new ArrayList<>(byStage.values()));
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new LinkedHashMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }
}
