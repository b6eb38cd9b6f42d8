package io.siprec.srs.session;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many recording sessions may run at once, and how many may start per second. A session holds a
 * place from the moment its INVITE is taken until it ends or is abandoned, so racing INVITEs cannot
 * overshoot the limit. New sessions per second are a token bucket: a burst of up to one second's
 * worth, refilled continuously.
 *
 * <p>Beyond the counts, measured headroom: while any {@link HeadroomGauge} reads at or above its
 * limit (a receive thread busy, the publisher's backlog filling), new sessions are refused too, so
 * that one more call never degrades those already up.
 *
 * <p>What is refused is refused before anything is allocated: calls already recording are not
 * touched.
 */
public final class Admission {
  private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

  /** Why a new session was refused. */
  public enum Refusal {
    TOO_MANY_SESSIONS("Too many recording sessions"),
    TOO_MANY_NEW_SESSIONS("Too many new recording sessions per second"),
    NO_HEADROOM("Server at capacity");

    private final String reason;

    Refusal(String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  private final int maxSessions;
  private final int maxPerSecond;
  private final LongSupplier nanoClock;
  private final AtomicInteger occupied = new AtomicInteger();
  private final AtomicLong refusedForCount = new AtomicLong();
  private final AtomicLong refusedForRate = new AtomicLong();
  private final Map<String, LongAdder> refusedForHeadroom = new ConcurrentHashMap<>();
  private volatile List<HeadroomGauge> gauges = List.of();
  private final AtomicBoolean headroomGone = new AtomicBoolean();
  private double tokens;
  private long refilledAt;

  /**
   * @param maxSessions 0 for no limit
   * @param maxPerSecond 0 for no limit
   */
  public Admission(int maxSessions, int maxPerSecond, LongSupplier nanoClock) {
    this.maxSessions = maxSessions;
    this.maxPerSecond = maxPerSecond;
    this.nanoClock = nanoClock;
    this.tokens = maxPerSecond;
    this.refilledAt = nanoClock.getAsLong();
  }

  public static Admission unlimited() {
    return new Admission(0, 0, System::nanoTime);
  }

  /**
   * A place taken for one session, or the refusal. Releasing is idempotent, so whoever ends up
   * owning the ticket (the session, or the request that failed before it had one) may release it.
   */
  public final class Ticket {
    private final Refusal refusal;
    private final HeadroomGauge.Spent spent;
    private final AtomicBoolean released;

    private Ticket(Refusal refusal, HeadroomGauge.Spent spent) {
      this.refusal = refusal;
      this.spent = spent;
      this.released = new AtomicBoolean(refusal != null);
    }

    public boolean admitted() {
      return refusal == null;
    }

    /** Why not, when not admitted. */
    public Refusal refusal() {
      return refusal;
    }

    /** Which gauge stopped it, for {@link Refusal#NO_HEADROOM}; otherwise null. */
    public HeadroomGauge.Spent spent() {
      return spent;
    }

    public void release() {
      if (released.compareAndSet(false, true)) {
        occupied.decrementAndGet();
      }
    }
  }

  /**
   * The gauges of measured headroom, read for every new session from now on (set once the media and
   * delivery adapters that measure them have started).
   */
  public void watch(List<HeadroomGauge> headroom) {
    this.gauges = List.copyOf(headroom);
  }

  public List<HeadroomGauge> gauges() {
    return gauges;
  }

  /** Takes a place for a new session, if there is one. */
  public Ticket tryAdmit() {
    // The count first: it is the cheaper and the plainer answer when both apply.
    if (isFull()) {
      refusedForCount.incrementAndGet();
      return new Ticket(Refusal.TOO_MANY_SESSIONS, null);
    }
    HeadroomGauge.Spent spent = spentHeadroom();
    if (spent != null) {
      refusedForHeadroom.computeIfAbsent(spent.gauge(), g -> new LongAdder()).increment();
      return new Ticket(Refusal.NO_HEADROOM, spent);
    }
    while (true) {
      int now = occupied.get();
      if (maxSessions > 0 && now >= maxSessions) {
        refusedForCount.incrementAndGet();
        return new Ticket(Refusal.TOO_MANY_SESSIONS, null);
      }
      if (occupied.compareAndSet(now, now + 1)) {
        break;
      }
    }
    if (!takeToken()) {
      occupied.decrementAndGet();
      refusedForRate.incrementAndGet();
      return new Ticket(Refusal.TOO_MANY_NEW_SESSIONS, null);
    }
    return new Ticket(null, null);
  }

  /** The first gauge at or above its limit now, or null while there is headroom. */
  public HeadroomGauge.Spent spentHeadroom() {
    HeadroomGauge.Spent spent = null;
    for (HeadroomGauge g : gauges) {
      double reading = g.reading();
      if (reading >= g.limit()) {
        spent = new HeadroomGauge.Spent(g.name(), reading, g.limit());
        break;
      }
    }
    if (spent != null && headroomGone.compareAndSet(false, true)) {
      LOG.error("no headroom: {}; new sessions get 503 until it is back", spent.describe());
    } else if (spent == null && headroomGone.compareAndSet(true, false)) {
      LOG.info("headroom back: new sessions are taken again");
    }
    return spent;
  }

  /** True while a new session would be refused for the session limit (OPTIONS answers say so). */
  public boolean isFull() {
    return maxSessions > 0 && occupied.get() >= maxSessions;
  }

  public int occupied() {
    return occupied.get();
  }

  public int maxSessions() {
    return maxSessions;
  }

  public int maxPerSecond() {
    return maxPerSecond;
  }

  public long refusedForCount() {
    return refusedForCount.get();
  }

  public long refusedForRate() {
    return refusedForRate.get();
  }

  /** New sessions refused because a gauge had no headroom left, by gauge. */
  public Map<String, Long> refusedForHeadroom() {
    Map<String, Long> out = new TreeMap<>();
    refusedForHeadroom.forEach((g, n) -> out.put(g, n.sum()));
    return out;
  }

  private synchronized boolean takeToken() {
    if (maxPerSecond <= 0) {
      return true;
    }
    long now = nanoClock.getAsLong();
    tokens = Math.min(maxPerSecond, tokens + (now - refilledAt) * maxPerSecond / 1e9);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
