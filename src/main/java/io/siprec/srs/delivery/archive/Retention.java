package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes each recording once its retention ran out: the one decided when it ended ({@code
 * retention.json}), or for a session without one (written before retention was decided per session,
 * or cut off by a crash) the default, {@code srs.archive.retention-days} by its UTC day. Never a
 * live session, never one on legal hold, nothing outside the day folders; a day folder left empty
 * goes too. Every deletion is in the audit log. Sweeps at start, then as often as the shortest
 * period asks (at least every minute, at most every hour), on a thread of its own.
 */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);
  static final Duration SHORTEST_INTERVAL = Duration.ofMinutes(1);
  static final Duration LONGEST_INTERVAL = Duration.ofHours(1);

  private final Path root;
  private final RetentionPolicy policy;
  private final Clock clock;
  private final LiveSessions live;
  private final LegalHolds holds;
  private final AuditLog audit;
  private final Object deletions;
  private final AtomicLong sessionsDeleted = new AtomicLong();
  private final Set<Path> unreadableReported = new LinkedHashSet<>();
  private ScheduledExecutorService timer;
  private volatile Consumer<String> onDeleted = id -> {};

  /**
   * @param deletions held while deleting: erasure, holds and sweeps never run into each other
   */
  Retention(
      Path root,
      RetentionPolicy policy,
      Clock clock,
      LiveSessions live,
      LegalHolds holds,
      AuditLog audit,
      Object deletions) {
    this.root = root;
    this.policy = policy;
    this.clock = clock;
    this.live = live;
    this.holds = holds;
    this.audit = audit;
    this.deletions = deletions;
  }

  /** Told the id of each session folder deleted, after it is gone (the search index forgets it). */
  void onDeleted(Consumer<String> listener) {
    this.onDeleted = listener;
  }

  /** Nothing to do when everything is kept forever. */
  synchronized void start() {
    Optional<Duration> shortest = policy.shortestKeep();
    if (shortest.isEmpty()) {
      return;
    }
    long every = interval(shortest.get()).toSeconds();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-archive-retention");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::sweepQuietly, 0, every, TimeUnit.SECONDS);
  }

  /** A session kept 30 s is deleted within a minute of that, one kept 30 days within an hour. */
  static Duration interval(Duration shortestKeep) {
    if (shortestKeep.compareTo(SHORTEST_INTERVAL) < 0) {
      return SHORTEST_INTERVAL;
    }
    return shortestKeep.compareTo(LONGEST_INTERVAL) > 0 ? LONGEST_INTERVAL : shortestKeep;
  }

  synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("archive retention sweep failed: {}", e.toString());
    }
  }

  /**
   * Deletes every session whose retention ran out, except live and held ones.
   *
   * @return what it deleted
   */
  List<Deleted> sweep() {
    List<Deleted> deleted = new ArrayList<>();
    synchronized (deletions) {
      Instant now = clock.instant();
      List<Path> sessions;
      try {
        sessions = SessionFolders.sessions(root);
      } catch (IOException e) {
        LOG.warn("archive retention sweep failed: {}", e.toString());
        return deleted;
      }
      Set<Path> days = new LinkedHashSet<>();
      for (Path session : sessions) {
        Optional<RetentionDecision> decision = decisionOf(session);
        if (decision.isEmpty()
            || !decision.get().expiredAt(now)
            || live.isLive(session)
            || holds.isHeld(session.getFileName().toString())) {
          continue;
        }
        String id = session.getFileName().toString();
        String day = SessionFolders.dayName(session);
        try {
          List<String> files = SessionFolders.delete(session);
          sessionsDeleted.incrementAndGet();
          days.add(session.getParent());
          deleted.add(new Deleted(id, day, decision.get().rule(), files));
          onDeleted.accept(id);
          audit.deleted(
              id,
              day,
              AuditLog.RETENTION,
              AuditLog.RETENTION,
              "rule:" + decision.get().rule(),
              files,
              null);
          LOG.info(
              "archive: deleted session {} of {} (retention rule {}, kept {})",
              id,
              day,
              decision.get().rule(),
              decision.get().period());
        } catch (IOException e) {
          LOG.error("archive: retention could not delete session {}: {}", session, e.toString());
        }
      }
      LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
      for (Path day : days) {
        // Not today's: a session starting now may be about to create its folder there.
        if (SessionFolders.dayOf(day).filter(d -> d.isBefore(today)).isPresent()) {
          SessionFolders.deleteIfEmpty(day);
        }
      }
    }
    return deleted;
  }

  /** Empty when the session must be kept because its decision cannot be read. */
  private Optional<RetentionDecision> decisionOf(Path session) {
    try {
      return Optional.of(RetentionDecision.read(session.resolve(RetentionDecision.FILE)));
    } catch (NoSuchFileException e) {
      LocalDate day = SessionFolders.dayOf(session.getParent()).orElseThrow();
      return Optional.of(policy.defaultFor(day, clock.instant()));
    } catch (IOException e) {
      if (unreadableReported.add(session)) {
        LOG.warn("archive: session {} is kept: {}", session, e.getMessage());
      }
      return Optional.empty();
    }
  }

  /** Session folders deleted since start. */
  long sessionsDeleted() {
    return sessionsDeleted.get();
  }

  /** One session retention deleted: which rule, which files. */
  record Deleted(String session, String day, String rule, List<String> files) {}
}
