package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the free space of the archive's file system every {@link #CHECK_SECONDS} s on a thread of
 * its own, and says when it is below the minimum ({@code ARCHIVE_LOW_SPACE}): an operator must free
 * space before the disk fills, while calls go on. Raising and clearing are logged once each.
 */
final class FreeSpaceWatch {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);

  static final long CHECK_SECONDS = 10;

  /** How the free space is read; the file store's usable space, or a test's figure. */
  @FunctionalInterface
  interface UsableSpace {
    long of(Path root) throws IOException;
  }

  private final Path root;
  private final long minFreeBytes;
  private final UsableSpace usableSpace;
  private volatile long usableBytes = -1;
  private volatile boolean low;
  private ScheduledExecutorService timer;

  /**
   * @param minFreeBytes below this the space is low; 0 never
   */
  FreeSpaceWatch(Path root, long minFreeBytes) {
    this(root, minFreeBytes, r -> Files.getFileStore(r).getUsableSpace());
  }

  FreeSpaceWatch(Path root, long minFreeBytes, UsableSpace usableSpace) {
    this.root = root;
    this.minFreeBytes = minFreeBytes;
    this.usableSpace = usableSpace;
  }

  /** Checks now, so an alarm is up from start-up, then every {@link #CHECK_SECONDS} s. */
  synchronized void start() {
    check();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-archive-space");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::check, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
  }

  synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /** One reading; one that fails keeps the last one (and is logged). */
  void check() {
    try {
      long usable = usableSpace.of(root);
      usableBytes = usable;
      boolean nowLow = minFreeBytes > 0 && usable < minFreeBytes;
      if (nowLow != low) {
        low = nowLow;
        if (nowLow) {
          LOG.error(
              "archive: {} MB free in {}, below srs.archive.min-free-mb={} (alarm {} raised); calls go on",
              usable / (1024 * 1024),
              root,
              minFreeBytes / (1024 * 1024),
              RecordingArchive.ALARM_LOW_SPACE);
        } else {
          LOG.info(
              "archive: {} MB free in {} again (alarm {} cleared)",
              usable / (1024 * 1024),
              root,
              RecordingArchive.ALARM_LOW_SPACE);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("archive: cannot read the free space of {}: {}", root, e.toString());
    }
  }

  /** Free space at the last reading, in bytes; -1 before one. */
  long usableBytes() {
    return usableBytes;
  }

  boolean isLow() {
    return low;
  }
}
