package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes recordings older than {@code srs.archive.retention-days}, one UTC day folder at a time,
 * at start and then hourly on a thread of its own; never a folder a live session writes to, and
 * nothing whose name is not a date (not ours).
 */
final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);

  private final Path root;
  private final int days;
  private final Clock clock;
  private final Predicate<Path> inUse;
  private final AtomicLong sessionsDeleted = new AtomicLong();
  private final Object sweep = new Object();
  private ScheduledExecutorService timer;

  /**
   * @param days the days kept, today included; 0 keeps everything (and {@link #start} does nothing)
   * @param inUse whether a live session writes to this day folder
   */
  Retention(Path root, int days, Clock clock, Predicate<Path> inUse) {
    this.root = root;
    this.days = days;
    this.clock = clock;
    this.inUse = inUse;
  }

  /** A first sweep right away, then one an hour. */
  synchronized void start() {
    if (days <= 0) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-archive-retention");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::deleteExpired, 0, 1, TimeUnit.HOURS);
  }

  synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /**
   * Deletes day folders older than the retention, except those live sessions write to. Not while
   * another sweep runs: the start-up sweep and an explicit one may overlap, and must not delete
   * under each other.
   */
  void deleteExpired() {
    synchronized (sweep) {
      LocalDate oldestKept = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(days - 1L);
      try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
        for (Path day : folders) {
          LocalDate date;
          try {
            date = LocalDate.parse(day.getFileName().toString());
          } catch (DateTimeParseException e) {
            continue; // not ours
          }
          if (date.isBefore(oldestKept) && !inUse.test(day)) {
            long sessions = deleteTree(day);
            sessionsDeleted.addAndGet(sessions);
            LOG.info(
                "archive: deleted {} ({} session(s), older than {} days)", day, sessions, days);
          }
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("archive retention sweep failed: {}", e.toString());
      }
    }
  }

  /** Session folders deleted since start. */
  long sessionsDeleted() {
    return sessionsDeleted.get();
  }

  private static long deleteTree(Path day) throws IOException {
    long sessions;
    try (Stream<Path> s = Files.list(day)) {
      sessions = s.filter(Files::isDirectory).count(); // not the day's chain.jsonl and key
    }
    try (Stream<Path> walk = Files.walk(day)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
    return sessions;
  }
}
