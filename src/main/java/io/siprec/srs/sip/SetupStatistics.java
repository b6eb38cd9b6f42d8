package io.siprec.srs.sip;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the SRCs' initial INVITEs were answered: recording sessions set up (our 200 OK went out)
 * and every final error answer by status code, with the last few reasons. Counted where the
 * answers are sent ({@link SiprecSignalling}); the console and the metrics only read it.
 */
@ApplicationScoped
public class SetupStatistics {
  /** Rejections kept with their reason, newest first. */
  static final int LAST_REJECTIONS = 20;

  private Clock clock;
  private final AtomicLong setups = new AtomicLong();
  private final ConcurrentHashMap<Integer, AtomicLong> rejectionsByStatus = new ConcurrentHashMap<>();
  private final ArrayDeque<Rejection> lastRejections = new ArrayDeque<>();

  protected SetupStatistics() {
    // for CDI proxies
  }

  @Inject
  public SetupStatistics(Clock clock) {
    this.clock = clock;
  }

  /** One refused INVITE, as an operator reads it next to an SBC trace. */
  public record Rejection(Instant at, int status, String reason, String callId, String srcAddress) {}

  /** @param rejectionsByStatus final error answers by status code, ascending */
  public record Figures(long setups, Map<Integer, Long> rejectionsByStatus, List<Rejection> lastRejections) {
    public Figures {
      rejectionsByStatus = java.util.Collections.unmodifiableMap(new TreeMap<>(rejectionsByStatus));
      lastRejections = List.copyOf(lastRejections);
    }

    public long rejections() {
      return rejectionsByStatus.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  void setUp() {
    setups.incrementAndGet();
  }

  void rejected(int status, String reason, String callId, String srcAddress) {
    rejectionsByStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    Rejection r = new Rejection(clock.instant(), status, reason, callId, srcAddress);
    synchronized (lastRejections) {
      if (lastRejections.size() == LAST_REJECTIONS) {
        lastRejections.removeLast();
      }
      lastRejections.addFirst(r);
    }
  }

  public Figures figures() {
    Map<Integer, Long> byStatus = new TreeMap<>();
    rejectionsByStatus.forEach((status, count) -> byStatus.put(status, count.get()));
    List<Rejection> last;
    synchronized (lastRejections) {
      last = new ArrayList<>(lastRejections);
    }
    return new Figures(setups.get(), byStatus, last);
  }

  public long setups() {
    return setups.get();
  }

  /** Error answers with this status so far. */
  public long rejections(int status) {
    AtomicLong n = rejectionsByStatus.get(status);
    return n == null ? 0 : n.get();
  }
}
