package io.siprec.srs.delivery.archive;

import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's writer: chunks and events are handed over without blocking (media and signalling
 * threads call it) and written by one thread of its own into each session's {@link SessionFolder},
 * {@code <root>/<UTC date it started>/<session id>/}. A full backlog drops the chunk and counts it
 * (per session too: the folder's summary says how many); the stream's file still gets silence of
 * the right length there, so its timeline stays the call's. A failed write goes to {@link
 * WriteFailures} and writing goes on with the next item. When a session's files are closed, the
 * {@link ManifestChain} seals them, on this thread too.
 */
final class ArchiveWriter implements LiveSessions {
  /** A session's retention, decided as it ends; {@code snapshot} is null when none was seen. */
  @FunctionalInterface
  interface RetentionDecider {
    RetentionDecision decide(SessionSnapshot snapshot, LocalDate day, Instant endedAt);
  }

  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);

  private final Path root;
  private final ArchiveFiles files;
  private final Clock clock;
  private final WriteFailures failures;
  private final ManifestChain chain;
  private final RetentionDecider retention;
  private final ArchiveIndex index;
  private final BlockingQueue<Object> queue;
  private Thread thread;
  private volatile boolean running;

  // Writer thread only.
  private final Map<RecordingSessionId, SessionFolder> folders = new HashMap<>();
  private RecordingSessionId lastLate;

  /** Day folders live sessions write to: retention leaves them alone. */
  private final Set<Path> liveDays = ConcurrentHashMap.newKeySet();

  private final ConcurrentHashMap<RecordingSessionId, AtomicLong> droppedBySession =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<RecordingSessionId, Path> livePaths = new ConcurrentHashMap<>();

  /** Each live session's latest snapshot: what its retention is decided on, what erasure reads. */
  private final ConcurrentHashMap<RecordingSessionId, SessionSnapshot> snapshots =
      new ConcurrentHashMap<>();

  private final AtomicLong chunksWritten = new AtomicLong();
  private final AtomicLong chunksDropped = new AtomicLong();
  private final AtomicLong eventsWritten = new AtomicLong();
  private final AtomicLong eventsDropped = new AtomicLong();
  private final AtomicLong sessionsArchived = new AtomicLong();

  /**
   * @param files how the session folders' files are made: plain or encrypted
   * @param backlog chunks and events that may wait for the disk
   * @param retention decides each session's retention as it ends, written to its folder
   */
  ArchiveWriter(
      Path root,
      ArchiveFiles files,
      int backlog,
      Clock clock,
      WriteFailures failures,
      ManifestChain chain,
      RetentionDecider retention) {
    this(root, files, backlog, clock, failures, chain, retention, null);
  }

  /**
   * @param index where each ended session's search entry goes, besides its folder; null: none
   */
  ArchiveWriter(
      Path root,
      ArchiveFiles files,
      int backlog,
      Clock clock,
      WriteFailures failures,
      ManifestChain chain,
      RetentionDecider retention,
      ArchiveIndex index) {
    this.index = index;
    this.root = root;
    this.files = files;
    this.clock = clock;
    this.failures = failures;
    this.chain = chain;
    this.retention = retention;
    this.queue = new ArrayBlockingQueue<>(backlog);
  }

  synchronized void start() {
    running = true;
    thread = new Thread(this::run, "srs-archive");
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes what is queued (for up to {@code flushFor}) and closes every file. */
  synchronized void stop(Duration flushFor) {
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
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!queue.isEmpty()) {
      LOG.warn("archive: {} item(s) not written at stop", queue.size());
    }
  }

  void accept(AudioChunk chunk) {
    if (running && !queue.offer(chunk)) {
      chunksDropped.incrementAndGet();
      droppedBySession.computeIfAbsent(chunk.sessionId(), id -> new AtomicLong()).incrementAndGet();
    }
  }

  void publish(SessionEvent event) {
    if (running && !queue.offer(event)) {
      eventsDropped.incrementAndGet();
      LOG.error(
          "archive backlog full: {} of session {} not archived",
          event.getClass().getSimpleName(),
          event.sessionId());
    }
  }

  /** Where a session's files are: the day folder it started in. */
  Optional<Path> find(RecordingSessionId id) {
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

  /** Whether a live session writes to this day folder. */
  boolean isLiveDay(Path day) {
    return liveDays.contains(day);
  }

  @Override
  public boolean isLive(Path sessionDir) {
    return livePaths.containsValue(sessionDir);
  }

  @Override
  public Map<Path, SessionSnapshot> snapshots() {
    Map<Path, SessionSnapshot> live = new HashMap<>();
    livePaths.forEach(
        (id, dir) -> {
          SessionSnapshot s = snapshots.get(id);
          if (s != null) {
            live.put(dir, s);
          }
        });
    return live;
  }

  long chunksWritten() {
    return chunksWritten.get();
  }

  long chunksDropped() {
    return chunksDropped.get();
  }

  long eventsWritten() {
    return eventsWritten.get();
  }

  long eventsDropped() {
    return eventsDropped.get();
  }

  long sessionsArchived() {
    return sessionsArchived.get();
  }

  int backlog() {
    return queue.size();
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
      failures.failed(chunk.sessionId(), e);
    }
  }

  private void write(SessionEvent event) {
    SessionFolder folder = folder(event.sessionId());
    if (folder == null) {
      return;
    }
    SessionSnapshot snapshot = snapshotIn(event);
    if (snapshot != null) {
      snapshots.put(event.sessionId(), snapshot);
    }
    try {
      folder.event(event);
      eventsWritten.incrementAndGet();
    } catch (IOException e) {
      failures.failed(event.sessionId(), e);
    }
    if (event instanceof SessionEvent.SessionEnded ended) {
      folders.remove(event.sessionId());
      finish(event.sessionId(), folder, ended);
    }
  }

  /**
   * @param ended null when the writer stops before the session ended (its summary says incomplete)
   */
  private void finish(
      RecordingSessionId id, SessionFolder folder, SessionEvent.SessionEnded ended) {
    AtomicLong dropped = droppedBySession.remove(id);
    boolean summarised = false;
    try {
      folder.finish(ended, dropped == null ? 0 : dropped.get(), ended != null);
      summarised = true;
    } catch (IOException e) {
      failures.failed(id, e);
    }
    try {
      Path dir = folder.dir();
      retention
          .decide(
              snapshots.get(id),
              LocalDate.parse(dir.getParent().getFileName().toString()),
              ended != null ? ended.at() : clock.instant())
          .write(dir);
    } catch (IOException | RuntimeException e) {
      // Without its decision the session is kept by the default, from its day.
      failures.failed(id, e instanceof IOException io ? io : new IOException(e));
    }
    try {
      if (index != null && ended != null) {
        indexed(folder.dir(), ended, dropped == null ? 0 : dropped.get());
      }
    } catch (IOException | RuntimeException e) {
      // Recorded all the same; only search will not find it.
      failures.failed(id, e instanceof IOException io ? io : new IOException(e));
    } finally {
      snapshots.remove(id);
      try {
        folder.close();
      } catch (IOException e) {
        failures.failed(id, e);
      }
      // Sealed whatever happened above: the manifest says what is on disk, complete or not.
      try {
        chain.seal(
            folder.dir(),
            folder.startedAt(),
            ended != null ? ended.at() : clock.instant(),
            ended != null);
      } catch (IOException e) {
        failures.failed(id, e);
      } catch (RuntimeException e) {
        failures.failed(id, new IOException("cannot seal " + folder.dir() + ": " + e, e));
      }
      livePaths.remove(id);
      if (!livePaths.values().stream()
          .anyMatch(p -> p.getParent().equals(folder.dir().getParent()))) {
        liveDays.remove(folder.dir().getParent());
      }
      failures.sessionClosed(id);
      // Last: whoever counts it finds the folder complete and no longer live.
      if (summarised) {
        sessionsArchived.incrementAndGet();
      }
    }
  }

  /** Before the seal: the manifest vouches for the index entry too. */
  private void indexed(Path dir, SessionEvent.SessionEnded ended, long droppedHere)
      throws IOException {
    CallSummary summary =
        CallSummary.of(
            ended.sessionId(),
            ended.session(),
            CallSummary.State.ARCHIVED,
            ended.duration(),
            ended.reason(),
            droppedHere,
            dir.getParent().getFileName().toString());
    ArchiveIndex.write(dir, summary, files);
    index.add(summary);
  }

  private static SessionSnapshot snapshotIn(SessionEvent event) {
    if (event instanceof SessionEvent.SessionStarted e) {
      return e.session();
    } else if (event instanceof SessionEvent.MetadataUpdated e) {
      return e.session();
    } else if (event instanceof SessionEvent.MetadataProblemFound e) {
      return e.session();
    } else if (event instanceof SessionEvent.SessionEnded e) {
      return e.session();
    }
    return null;
  }

  private SessionFolder folder(RecordingSessionId id) {
    SessionFolder folder = folders.get(id);
    if (folder == null && chain.isSealed(id.value())) {
      // Late for a session already sealed: writing it would change files its manifest vouches for.
      if (!id.equals(lastLate)) {
        LOG.warn(
            "archive: chunks or events of session {} came after its manifest; not written", id);
        lastLate = id;
      }
      return null;
    }
    if (folder == null) {
      Path dir =
          root.resolve(LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString())
              .resolve(id.value());
      try {
        liveDays.add(dir.getParent());
        folder = new SessionFolder(dir, files, clock.instant());
        folders.put(id, folder);
        livePaths.put(id, dir);
      } catch (IOException e) {
        failures.failed(id, e);
        return null;
      }
    }
    return folder;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
