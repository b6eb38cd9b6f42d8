package io.siprec.srs.sip;

import io.siprec.srs.recording.Refused;
import io.siprec.srs.recording.SetupCounters;
import io.siprec.srs.session.SetupFigures;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the SRCs' initial INVITEs were answered: recording sessions set up (our 200 OK went out) and
 * every final error answer by status code, with the last few reasons; and, for the metadata of any
 * request, the documents not read by problem kind and the repairs made. Counted where the answers
 * are sent ({@link SiprecSignalling}) and where the core reads metadata (through {@link
 * SetupCounters}); the console and the metrics only read it, through {@link SetupFigures}.
 */
@ApplicationScoped
public class SetupStatistics implements SetupCounters, SetupFigures {
  /** Rejections kept with their reason, newest first. */
  static final int LAST_REJECTIONS = 20;

  private Clock clock;
  private final AtomicLong setups = new AtomicLong();
  private final ConcurrentHashMap<Integer, AtomicLong> rejectionsByStatus =
      new ConcurrentHashMap<>();
  private final ArrayDeque<Rejection> lastRejections = new ArrayDeque<>();
  private final Map<MetadataProblem.Kind, AtomicLong> metadataProblems =
      counters(MetadataProblem.Kind.class);
  private final Map<MetadataRepair, AtomicLong> metadataRepairs = counters(MetadataRepair.class);

  /** One counter per constant, made up front: the map is only read after that. */
  private static <E extends Enum<E>> Map<E, AtomicLong> counters(Class<E> type) {
    Map<E, AtomicLong> counters = new EnumMap<>(type);
    for (E e : type.getEnumConstants()) {
      counters.put(e, new AtomicLong());
    }
    return counters;
  }

  protected SetupStatistics() {
    // for CDI proxies
  }

  @Inject
  public SetupStatistics(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void setUp() {
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

  /** A metadata document not read. @return how many of this kind so far, this one included */
  @Override
  public long metadataProblem(MetadataProblem.Kind kind) {
    return metadataProblems.get(kind).incrementAndGet();
  }

  /** A metadata document read after these repairs. */
  @Override
  public void metadataRepaired(Collection<MetadataRepair> repairs) {
    repairs.forEach(r -> metadataRepairs.get(r).incrementAndGet());
  }

  @Override
  public long metadataProblems(MetadataProblem.Kind kind) {
    return metadataProblems.get(kind).get();
  }

  @Override
  public long metadataRepairs(MetadataRepair repair) {
    return metadataRepairs.get(repair).get();
  }

  @Override
  public Summary figures() {
    Map<Integer, Long> byStatus = new TreeMap<>();
    rejectionsByStatus.forEach((status, count) -> byStatus.put(status, count.get()));
    List<Rejection> last;
    synchronized (lastRejections) {
      last = new ArrayList<>(lastRejections);
    }
    return new Summary(setups.get(), byStatus, last);
  }

  @Override
  public long setups() {
    return setups.get();
  }

  @Override
  public long rejections(int status) {
    AtomicLong n = rejectionsByStatus.get(status);
    return n == null ? 0 : n.get();
  }

  @Override
  public Set<Integer> refusalStatuses() {
    return Refused.STATUSES;
  }
}
