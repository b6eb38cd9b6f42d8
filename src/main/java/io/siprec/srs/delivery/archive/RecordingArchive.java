package io.siprec.srs.delivery.archive;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.EventJson;
import io.siprec.srs.session.ArchiveFigures;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every recording on disk: the system of record when the real-time feed dropped audio. Chunks
 * and events are handed over without blocking (media and signalling threads call this) and written
 * by one thread of its own, into {@code <srs.archive.dir>/<UTC date>/<session id>/} (see {@link
 * SessionFolder}). A full backlog drops the chunk and counts it; the stream's file still gets
 * silence of the right length there, so its timeline stays the call's.
 *
 * <p>A disk that fails (full, read-only) never stops a call: the failure is counted, logged once
 * per session and shown as the archive's last error, and writing is tried again with the next
 * chunk. Old recordings are deleted after {@code srs.archive.retention-days}, one day folder at a
 * time, never a folder a live session writes to.
 */
@ApplicationScoped
@Typed(RecordingArchive.class)
public class RecordingArchive implements AudioChunkSink, SessionEvents, ArchiveFigures {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);
  public static final String ALARM_LOW_SPACE = "ARCHIVE_LOW_SPACE";
  public static final String ALARM_WRITE_FAILED = "ARCHIVE_WRITE_FAILED";

  /** How long a failed write keeps its alarm up: long enough for a monitoring system to see it. */
  static final Duration WRITE_ALARM_HOLD = Duration.ofMinutes(5);

  static final long SPACE_CHECK_SECONDS = 10;

  private Settings settings;
  private Clock clock;
  private boolean enabled;
  private Path root;
  private int retentionDays;
  private BlockingQueue<Object> queue;
  private Thread writer;
  private ScheduledExecutorService retention;
  private ScheduledExecutorService spaceWatch;
  private long minFreeBytes;
  private volatile long usableBytes = -1;
  private volatile boolean lowSpace;
  private volatile Instant lastErrorAt;
  private volatile boolean running;

  // Writer thread only.
  private final Map<RecordingSessionId, SessionFolder> folders = new HashMap<>();
  private final Set<RecordingSessionId> failedSessions = new HashSet<>();

  /** Day folders live sessions write to: retention leaves them alone. */
  private final Set<Path> liveDays = ConcurrentHashMap.newKeySet();

  private final ConcurrentHashMap<RecordingSessionId, AtomicLong> droppedBySession =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RecordingSessionId, Path> livePaths = new ConcurrentHashMap<>();

  private final AtomicLong chunksWritten = new AtomicLong();
  private final AtomicLong chunksDropped = new AtomicLong();
  private final AtomicLong eventsWritten = new AtomicLong();
  private final AtomicLong eventsDropped = new AtomicLong();
  private final AtomicLong writeErrors = new AtomicLong();
  private final AtomicLong sessionsArchived = new AtomicLong();
  private final AtomicLong sessionsDeleted = new AtomicLong();
  private volatile String lastError = "";

  protected RecordingArchive() {
    // for CDI proxies
  }

  @Inject
  public RecordingArchive(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  public synchronized void start() {
    enabled = settings.booleanValue(Setting.ARCHIVE_ENABLED);
    if (!enabled) {
      LOG.info("recording archive off (srs.archive.enabled=false)");
      return;
    }
    root = directory();
    retentionDays = settings.intValue(Setting.ARCHIVE_RETENTION_DAYS);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the archive directory " + root, e);
    }
    markInterrupted();
    queue = new ArrayBlockingQueue<>(settings.intValue(Setting.ARCHIVE_BACKLOG));
    running = true;
    writer = new Thread(this::run, "srs-archive");
    writer.setDaemon(true);
    writer.start();
    if (retentionDays > 0) {
      retention =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "srs-archive-retention");
                t.setDaemon(true);
                return t;
              });
      retention.scheduleWithFixedDelay(this::deleteExpired, 0, 1, TimeUnit.HOURS);
    }
    minFreeBytes = settings.intValue(Setting.ARCHIVE_MIN_FREE_MB) * 1024L * 1024L;
    checkSpace();
    spaceWatch =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-archive-space");
              t.setDaemon(true);
              return t;
            });
    spaceWatch.scheduleWithFixedDelay(
        this::checkSpace, SPACE_CHECK_SECONDS, SPACE_CHECK_SECONDS, TimeUnit.SECONDS);
    LOG.info(
        "recording archive in {} ({})",
        root,
        retentionDays > 0 ? "kept " + retentionDays + " days" : "kept forever");
  }

  /** Writes what is queued (for up to {@code flushFor}) and closes every file. */
  public synchronized void stop(Duration flushFor) {
    if (!running) {
      return;
    }
    long deadline = System.nanoTime() + flushFor.toNanos();
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      sleep(10);
    }
    // No interrupt: it would close the FileChannel the writer is using. It sees the flag within 200
    // ms.
    running = false;
    try {
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (retention != null) {
      retention.shutdownNow();
    }
    spaceWatch.shutdownNow();
    if (!queue.isEmpty()) {
      LOG.warn("archive: {} item(s) not written at stop", queue.size());
    }
  }

  @Override
  public void accept(AudioChunk chunk) {
    if (running && !queue.offer(chunk)) {
      chunksDropped.incrementAndGet();
      droppedBySession.computeIfAbsent(chunk.sessionId(), id -> new AtomicLong()).incrementAndGet();
    }
  }

  @Override
  public void publish(SessionEvent event) {
    if (running && !queue.offer(event)) {
      eventsDropped.incrementAndGet();
      LOG.error(
          "archive backlog full: {} of session {} not archived",
          event.getClass().getSimpleName(),
          event.sessionId());
    }
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public Path root() {
    return root;
  }

  /** Where a session's files are: the day folder it started in. */
  public Optional<Path> find(RecordingSessionId id) {
    Path live = livePaths.get(id);
    if (live != null) {
      return Optional.of(live);
    }
    try (Stream<Path> days = Files.list(root)) {
      return days.sorted(Comparator.reverseOrder())
          .map(day -> day.resolve(id.value()))
          .filter(Files::isDirectory)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private Path newFolderPath(RecordingSessionId id) {
    return root.resolve(LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString())
        .resolve(id.value());
  }

  @Override
  public long chunksWritten() {
    return chunksWritten.get();
  }

  @Override
  public long chunksDropped() {
    return chunksDropped.get();
  }

  @Override
  public long writeErrors() {
    return writeErrors.get();
  }

  public long eventsDropped() {
    return eventsDropped.get();
  }

  @Override
  public long sessionsArchived() {
    return sessionsArchived.get();
  }

  @Override
  public int backlog() {
    return queue == null ? 0 : queue.size();
  }

  /** The last write failure (empty if none): the alarm an operator must see. */
  @Override
  public String lastError() {
    return lastError;
  }

  /**
   * Free space on the archive's file system at the last check, in bytes; -1 before one or when off.
   */
  @Override
  public long usableBytes() {
    return usableBytes;
  }

  /**
   * What an operator must look at, now: {@code ARCHIVE_LOW_SPACE} while free space is below
   * srs.archive.min-free-mb; {@code ARCHIVE_WRITE_FAILED} for {@link #WRITE_ALARM_HOLD} after the
   * last failed write (a disk that is full, gone or read-only). Calls go on either way.
   */
  @Override
  public List<String> alarms() {
    List<String> alarms = new ArrayList<>(2);
    if (lowSpace) {
      alarms.add(ALARM_LOW_SPACE);
    }
    Instant at = lastErrorAt;
    if (at != null && at.plus(WRITE_ALARM_HOLD).isAfter(clock.instant())) {
      alarms.add(ALARM_WRITE_FAILED);
    }
    return alarms;
  }

  private void checkSpace() {
    try {
      long usable = Files.getFileStore(root).getUsableSpace();
      usableBytes = usable;
      boolean low = minFreeBytes > 0 && usable < minFreeBytes;
      if (low != lowSpace) {
        lowSpace = low;
        if (low) {
          LOG.error(
              "archive: {} MB free in {}, below srs.archive.min-free-mb={} (alarm {} raised); calls go on",
              usable / (1024 * 1024),
              root,
              minFreeBytes / (1024 * 1024),
              ALARM_LOW_SPACE);
        } else {
          LOG.info(
              "archive: {} MB free in {} again (alarm {} cleared)",
              usable / (1024 * 1024),
              root,
              ALARM_LOW_SPACE);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("archive: cannot read the free space of {}: {}", root, e.toString());
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      Object item;
      try {
        item = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        item = queue.poll();
      }
      if (item == null) {
        if (!running) {
          break;
        }
        continue;
      }
      if (item instanceof AudioChunk chunk) {
        write(chunk);
      } else if (item instanceof SessionEvent event) {
        write(event);
      }
    }
    // Stopped with sessions still open (shutdown drained them, or a crash is coming): close them.
    for (Map.Entry<RecordingSessionId, SessionFolder> e : folders.entrySet()) {
      finish(e.getKey(), e.getValue(), null);
    }
    folders.clear();
  }

  private void write(AudioChunk chunk) {
    SessionFolder folder = folder(chunk.sessionId());
    if (folder == null) {
      return;
    }
    try {
      folder.write(chunk);
      chunksWritten.incrementAndGet();
    } catch (IOException e) {
      failed(chunk.sessionId(), e);
    }
  }

  private void write(SessionEvent event) {
    SessionFolder folder = folder(event.sessionId());
    if (folder == null) {
      return;
    }
    try {
      folder.event(event);
      eventsWritten.incrementAndGet();
    } catch (IOException e) {
      failed(event.sessionId(), e);
    }
    if (event instanceof SessionEvent.SessionEnded ended) {
      folders.remove(event.sessionId());
      finish(event.sessionId(), folder, ended);
    }
  }

  private void finish(
      RecordingSessionId id, SessionFolder folder, SessionEvent.SessionEnded ended) {
    AtomicLong dropped = droppedBySession.remove(id);
    try {
      folder.finish(ended, dropped == null ? 0 : dropped.get(), ended != null);
      sessionsArchived.incrementAndGet();
    } catch (IOException e) {
      failed(id, e);
    } finally {
      try {
        folder.close();
      } catch (IOException e) {
        failed(id, e);
      }
      livePaths.remove(id);
      if (!livePaths.values().stream()
          .anyMatch(p -> p.getParent().equals(folder.dir().getParent()))) {
        liveDays.remove(folder.dir().getParent());
      }
      failedSessions.remove(id);
    }
  }

  private SessionFolder folder(RecordingSessionId id) {
    SessionFolder folder = folders.get(id);
    if (folder == null) {
      Path dir = newFolderPath(id);
      try {
        liveDays.add(dir.getParent());
        folder = new SessionFolder(dir);
        folders.put(id, folder);
        livePaths.put(id, dir);
      } catch (IOException e) {
        failed(id, e);
        return null;
      }
    }
    return folder;
  }

  private void failed(RecordingSessionId id, IOException e) {
    writeErrors.incrementAndGet();
    Instant now = clock.instant();
    lastErrorAt = now;
    lastError = now + " session " + id + ": " + e;
    if (failedSessions.add(id)) {
      LOG.error(
          "archive: cannot write session {} ({}); the call goes on, the recording on disk is incomplete",
          id,
          e.toString());
    }
  }

  /**
   * Sessions a previous run was still writing when it died (no archive.json): their files are
   * playable up to the last chunk written; say so, once, so nobody mistakes them for whole calls.
   * Looks at the two newest day folders (calls do not outlive a day by much).
   */
  private void markInterrupted() {
    try (Stream<Path> days = Files.list(root)) {
      for (Path day :
          days.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).limit(2).toList()) {
        try (Stream<Path> sessions = Files.list(day)) {
          for (Path session : sessions.filter(Files::isDirectory).toList()) {
            if (!Files.exists(session.resolve("archive.json"))) {
              Files.writeString(
                  session.resolve("archive.json"),
                  "{\"schemaVersion\":"
                      + EventJson.SCHEMA_VERSION
                      + ",\"complete\":false,\"interrupted\":\"the server stopped without ending this session\"}",
                  StandardCharsets.UTF_8);
              LOG.warn(
                  "archive: session {} was cut off by the previous run; its files end where that run stopped",
                  session.getFileName());
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("archive: cannot look for interrupted sessions: {}", e.toString());
    }
  }

  /**
   * Deletes day folders older than the retention, except those live sessions write to.
   * Synchronized: the start-up sweep and the daily one may overlap, and must not delete under each
   * other.
   */
  synchronized void deleteExpired() {
    LocalDate oldestKept =
        LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(retentionDays - 1L);
    try (DirectoryStream<Path> days = Files.newDirectoryStream(root)) {
      for (Path day : days) {
        LocalDate date;
        try {
          date = LocalDate.parse(day.getFileName().toString());
        } catch (DateTimeParseException e) {
          continue; // not ours
        }
        if (date.isBefore(oldestKept) && !liveDays.contains(day)) {
          long sessions = deleteTree(day);
          sessionsDeleted.addAndGet(sessions);
          LOG.info(
              "archive: deleted {} ({} session(s), older than {} days)",
              day,
              sessions,
              retentionDays);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("archive retention sweep failed: {}", e.toString());
    }
  }

  private static long deleteTree(Path day) throws IOException {
    long sessions;
    try (Stream<Path> s = Files.list(day)) {
      sessions = s.count();
    }
    try (Stream<Path> walk = Files.walk(day)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
    return sessions;
  }

  private Path directory() {
    String configured = settings.get(Setting.ARCHIVE_DIR);
    if (!configured.isEmpty()) {
      return Path.of(configured).toAbsolutePath();
    }
    String runtime = settings.get(Setting.RUNTIME_DIR);
    if (!runtime.isEmpty()) {
      return Path.of(runtime, "recordings").toAbsolutePath();
    }
    Path fallback = Path.of(System.getProperty("java.io.tmpdir"), "srs-recordings");
    LOG.warn("no srs.archive.dir nor srs.runtime.dir set: recordings go to {}", fallback);
    return fallback;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
