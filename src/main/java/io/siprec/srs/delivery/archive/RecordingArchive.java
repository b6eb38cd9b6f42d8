package io.siprec.srs.delivery.archive;

import io.siprec.srs.config.InvalidSettingsException;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.jms.EventsRoute;
import io.siprec.srs.session.ArchiveCustody;
import io.siprec.srs.session.ArchiveFigures;
import io.siprec.srs.session.ArchivedCalls;
import io.siprec.srs.session.ArchivedRecording;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.ErasureReport;
import io.siprec.srs.session.LegalHold;
import io.siprec.srs.session.RecordingFiles;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionEvents;
import io.siprec.srs.session.SessionSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every recording on disk: the system of record when the real-time feed dropped audio. One
 * job per class, started and stopped here:
 *
 * <ul>
 *   <li>{@link ArchiveOptions}: where and how long, read once at start;
 *   <li>{@link InterruptedSessions}: at start, the sessions a previous run left unfinished are
 *       marked incomplete (and sealed);
 *   <li>{@link ArchiveEncryption}: with encryption at rest on, the key-encryption key from {@link
 *       ArchiveKeystore}, checked at start, and files encrypted as they are written;
 *   <li>{@link ManifestChain}: each ended session's manifest (every file's SHA-256), chained across
 *       sessions and signed with the {@link ArchiveSigningKey} when one is set;
 *   <li>{@link ArchiveWriter}: chunks and events handed over without blocking, written by one
 *       thread into each session's {@link SessionFolder}; a full backlog drops and counts;
 *   <li>{@link WriteFailures}: a disk that fails (full, read-only) never stops a call: the failure
 *       is counted, logged once per session, shown as the last error and held as an alarm;
 *   <li>{@link RetentionPolicy}: how long each session is kept, decided as it ends ({@code
 *       srs.archive.retention-policy}, else {@code srs.archive.retention-days});
 *   <li>{@link Retention}: each recording deleted once its retention ran out, never a live one,
 *       never one on legal hold;
 *   <li>{@link LegalHolds} and {@link Erasure}: holds and erasure requests from the admin API,
 *       every deletion, hold and release written to the {@link AuditLog};
 *   <li>{@link FreeSpaceWatch}: the file system's free space, and its alarm.
 * </ul>
 */
@ApplicationScoped
@Typed(RecordingArchive.class)
public class RecordingArchive
    implements AudioChunkSink,
        SessionEvents,
        ArchiveFigures,
        ArchiveCustody,
        RecordingFiles,
        ArchivedCalls {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);
  public static final String ALARM_LOW_SPACE = "ARCHIVE_LOW_SPACE";
  public static final String ALARM_WRITE_FAILED = "ARCHIVE_WRITE_FAILED";

  /** How long a failed write keeps its alarm up: long enough for a monitoring system to see it. */
  static final Duration WRITE_ALARM_HOLD = WriteFailures.ALARM_HOLD;

  private Settings settings;
  private ArchiveKeystore readingKeystore; // guarded by this
  private WriteFailures failures;
  private Clock clock;
  private ArchiveOptions options;
  private volatile ArchiveWriter writer;
  private Retention retention;
  private LegalHolds holds;
  private AuditLog audit;
  private Erasure erasure;
  private FreeSpaceWatch space;
  private volatile ArchiveIndex index;

  /** Held while deleting or holding: a hold acknowledged is never followed by a deletion. */
  private final Object deletions = new Object();

  protected RecordingArchive() {
    // for CDI proxies
  }

  @Inject
  public RecordingArchive(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.failures = new WriteFailures(clock);
  }

  public synchronized void start() {
    options = ArchiveOptions.from(settings);
    if (!options.enabled()) {
      LOG.info("recording archive off (srs.archive.enabled=false)");
      return;
    }
    // Before anything is written: a key that cannot be had stops the start.
    ArchiveSigningKey key = options.signing().isOn() ? signingKey(options.signing()) : null;
    Path root = options.root();
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the archive directory " + root, e);
    }
    // Before anything is written: a wrong key refuses the start rather than record in clear.
    Optional<ArchiveEncryption> encryption = ArchiveEncryption.from(settings);
    RetentionPolicy policy = policy(options);
    Function<SessionSnapshot, String> route = EventsRoute.of(settings);
    ManifestChain chain = openChain(root, key);
    InterruptedSessions.mark(root, chain);
    chain.startUpDone();
    ArchiveIndex searchIndex = loadIndex(root, settings.intValue(Setting.ARCHIVE_INDEX_SESSIONS));
    ArchiveWriter w =
        new ArchiveWriter(
            root,
            encryption.map(ArchiveFiles.class::cast).orElse(ArchiveFiles.PLAIN),
            options.backlog(),
            clock,
            failures,
            chain,
            (snapshot, day, endedAt) ->
                policy.decide(
                    snapshot == null ? RetentionFacts.NONE : RetentionFacts.of(snapshot, route),
                    day,
                    endedAt,
                    clock.instant()),
            searchIndex);
    w.start();
    index = searchIndex;
    writer = w;
    holds = new LegalHolds(root);
    audit = new AuditLog(root, clock);
    erasure = new Erasure(root, w, holds, audit, deletions, clock);
    retention = new Retention(root, policy, clock, w, holds, audit, deletions);
    retention.onDeleted(searchIndex::forget);
    retention.start();
    space = new FreeSpaceWatch(root, options.minFreeBytes());
    space.start();
    LOG.info(
        "recording archive in {} ({}, {})",
        root,
        (options.retentionDays() > 0 ? "kept " + options.retentionDays() + " days" : "kept forever")
            + (policy.hasRules() ? " unless a rule of " + options.retentionPolicy() + " says" : ""),
        encryption.map(e -> "encrypted with key id '" + e.keyId() + "'").orElse("not encrypted"));
  }

  /**
   * @throws IllegalArgumentException naming the policy file's line that cannot be read: the server
   *     does not start on a retention policy it does not understand
   */
  private static RetentionPolicy policy(ArchiveOptions options) {
    if (options.retentionPolicy() == null) {
      return RetentionPolicy.defaultOnly(options.retentionDays());
    }
    try {
      return RetentionPolicy.read(options.retentionPolicy(), options.retentionDays());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the retention policy " + options.retentionPolicy(), e);
    }
  }

  /**
   * The chain the ended sessions' manifests go into.
   *
   * @param key signs each manifest; null: unsigned
   */
  private ManifestChain openChain(Path root, ArchiveSigningKey key) {
    if (key != null) {
      LOG.info("archive manifests signed with {}", key);
    } else {
      LOG.info(
          "archive manifests unsigned, hashes only (no {})", Setting.ARCHIVE_SIGNING_KEY_ID.key());
    }
    try {
      return ManifestChain.open(root, key, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest chain under " + root, e);
    }
  }

  /**
   * The key {@code srs.archive.signing.key-id} names.
   *
   * @throws InvalidSettingsException when it cannot be had: a server that was asked to sign must
   *     not record unsigned
   */
  private static ArchiveSigningKey signingKey(ArchiveOptions.Signing signing) {
    String keyId = Setting.ARCHIVE_SIGNING_KEY_ID.key();
    if (signing.keystore().isEmpty()) {
      throw new InvalidSettingsException(
          List.of(keyId + " is set but " + Setting.ARCHIVE_KEYSTORE.key() + " is empty"));
    }
    if (signing.passwordFile().isEmpty()) {
      throw new InvalidSettingsException(
          List.of(
              keyId + " is set but " + Setting.ARCHIVE_KEYSTORE_PASSWORD_FILE.key() + " is empty"));
    }
    char[] password;
    try {
      String text = Files.readString(Path.of(signing.passwordFile()), StandardCharsets.UTF_8);
      int end = text.indexOf('\n');
      password = (end < 0 ? text : text.substring(0, end)).replace("\r", "").toCharArray();
    } catch (IOException e) {
      throw new InvalidSettingsException(
          List.of(
              Setting.ARCHIVE_KEYSTORE_PASSWORD_FILE.key()
                  + "="
                  + signing.passwordFile()
                  + ": cannot read it ("
                  + e
                  + ")"));
    }
    try {
      return ArchiveSigningKey.load(Path.of(signing.keystore()), password, signing.keyId());
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingsException(
          List.of(keyId + "=" + signing.keyId() + ": " + e.getMessage()));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Writes what is queued (for up to {@code flushFor}) and closes every file. */
  public synchronized void stop(Duration flushFor) {
    ArchiveWriter w = writer;
    if (w == null) {
      return;
    }
    w.stop(flushFor);
    retention.stop();
    space.stop();
  }

  @Override
  public void accept(AudioChunk chunk) {
    ArchiveWriter w = writer;
    if (w != null) {
      w.accept(chunk);
    }
  }

  @Override
  public void publish(SessionEvent event) {
    ArchiveWriter w = writer;
    if (w != null) {
      w.publish(event);
    }
  }

  @Override
  public boolean isEnabled() {
    return options != null && options.enabled();
  }

  @Override
  public Path root() {
    return options == null ? null : options.root();
  }

  /** Where a session's files are: the day folder it started in. */
  public Optional<Path> find(RecordingSessionId id) {
    ArchiveWriter w = writer;
    return w == null ? Optional.empty() : w.find(id);
  }

  @Override
  public Optional<Path> folderOf(RecordingSessionId session) {
    return find(session);
  }

  /**
   * Opens the keystore once, on the first encrypted file read (the console's playback), and keeps
   * it: its keys do not change while the server runs (a rotation is a restart).
   */
  @Override
  public Optional<SecretKey> keyEncryptionKey(String keyId) {
    ArchiveKeystore keys;
    synchronized (this) {
      if (readingKeystore == null) {
        if (settings == null || settings.get(Setting.ARCHIVE_KEYSTORE).isEmpty()) {
          return Optional.empty();
        }
        try {
          readingKeystore = ArchiveKeystore.open(settings);
        } catch (InvalidSettingsException e) {
          LOG.warn("cannot open the archive's keystore to read a recording: {}", e.getMessage());
          return Optional.empty();
        }
      }
      keys = readingKeystore;
    }
    try {
      return Optional.of(keys.aes256Key(keyId));
    } catch (InvalidSettingsException e) {
      return Optional.empty(); // no such alias, or not an AES-256 key: the reader says which id
    }
  }

  @Override
  public long chunksWritten() {
    ArchiveWriter w = writer;
    return w == null ? 0 : w.chunksWritten();
  }

  @Override
  public long chunksDropped() {
    ArchiveWriter w = writer;
    return w == null ? 0 : w.chunksDropped();
  }

  @Override
  public long writeErrors() {
    return failures.count();
  }

  public long eventsDropped() {
    ArchiveWriter w = writer;
    return w == null ? 0 : w.eventsDropped();
  }

  @Override
  public long sessionsArchived() {
    ArchiveWriter w = writer;
    return w == null ? 0 : w.sessionsArchived();
  }

  @Override
  public int backlog() {
    ArchiveWriter w = writer;
    return w == null ? 0 : w.backlog();
  }

  /** The last write failure (empty if none): the alarm an operator must see. */
  @Override
  public String lastError() {
    return failures.last();
  }

  /**
   * Free space on the archive's file system at the last check, in bytes; -1 before one or when off.
   */
  @Override
  public long usableBytes() {
    FreeSpaceWatch s = space;
    return s == null ? -1 : s.usableBytes();
  }

  /**
   * What an operator must look at, now: {@code ARCHIVE_LOW_SPACE} while free space is below
   * srs.archive.min-free-mb; {@code ARCHIVE_WRITE_FAILED} for {@link #WRITE_ALARM_HOLD} after the
   * last failed write (a disk that is full, gone or read-only). Calls go on either way.
   */
  @Override
  public List<String> alarms() {
    List<String> alarms = new ArrayList<>(2);
    FreeSpaceWatch s = space;
    if (s != null && s.isLow()) {
      alarms.add(ALARM_LOW_SPACE);
    }
    if (failures.alarmUp()) {
      alarms.add(ALARM_WRITE_FAILED);
    }
    return alarms;
  }

  @Override
  public LegalHold hold(RecordingSessionId session, String by, String why) {
    requireText("who", by, 200);
    requireText("why", why, 1000);
    synchronized (deletions) {
      Path dir =
          running()
              .find(session)
              .orElseThrow(
                  () -> new NoSuchElementException("no session " + session + " in the archive"));
      LegalHold hold =
          new LegalHold(session, SessionFolders.dayName(dir), by, clock.instant(), why.strip());
      try {
        holds.put(hold);
        audit.hold("hold", session.value(), hold.day(), by, hold.why());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot store the legal hold of " + session, e);
      }
      LOG.info("archive: legal hold on session {} by {}", session, by);
      return hold;
    }
  }

  @Override
  public LegalHold release(RecordingSessionId session, String by, String why) {
    requireText("who", by, 200);
    requireText("why", why, 1000);
    running();
    synchronized (deletions) {
      try {
        LegalHold released = holds.release(session);
        audit.hold("release", session.value(), released.day(), by, why.strip());
        LOG.info("archive: legal hold on session {} released by {}", session, by);
        return released;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot release the legal hold of " + session, e);
      }
    }
  }

  @Override
  public Optional<LegalHold> holdOf(RecordingSessionId session) {
    running();
    return holds.of(session);
  }

  @Override
  public List<LegalHold> holds() {
    running();
    return holds.all();
  }

  @Override
  public ErasureReport eraseParticipant(String aor, String by, String request) {
    requireText("aor", aor, 1000);
    requireText("who", by, 200);
    requireText("request", request, 200);
    running();
    try {
      ErasureReport report = erasure.erase(aor.strip(), by, request.strip());
      report.deleted().forEach(d -> index.forget(d.session()));
      return report;
    } catch (IOException e) {
      throw new UncheckedIOException("erasure request " + request + " failed", e);
    }
  }

  @Override
  public List<ArchivedRecording> sweepNow() {
    running();
    return retention.sweep().stream()
        .map(d -> new ArchivedRecording(d.session(), d.day(), d.files()))
        .toList();
  }

  @Override
  public List<CallSummary> archivedCalls() {
    ArchiveIndex i = index;
    return i == null ? List.of() : i.all();
  }

  @Override
  public int indexCapacity() {
    ArchiveIndex i = index;
    return i == null ? 0 : i.capacity();
  }

  @Override
  public long leftOutOfIndex() {
    ArchiveIndex i = index;
    return i == null ? 0 : i.leftOut();
  }

  /** The search index of what is on disk; timed, as a large archive makes the start slower. */
  private ArchiveIndex loadIndex(Path root, int capacity) {
    long started = System.nanoTime();
    try {
      ArchiveIndex loaded =
          ArchiveIndex.load(root, capacity, keyId -> keyEncryptionKey(keyId).orElse(null));
      LOG.info(
          "archive search index: {} sessions read in {} ms ({} older left out, at most {})",
          loaded.all().size(),
          (System.nanoTime() - started) / 1_000_000,
          loaded.leftOut(),
          capacity);
      return loaded;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the archive's search index under " + root, e);
    }
  }

  /** Session folders retention deleted since start. */
  public long sessionsDeletedByRetention() {
    Retention r = retention;
    return r == null ? 0 : r.sessionsDeleted();
  }

  private ArchiveWriter running() {
    ArchiveWriter w = writer;
    if (w == null) {
      throw new IllegalStateException("the recording archive is off");
    }
    return w;
  }

  /** A value for the audit log: present, one line of printable text, not too long. */
  static void requireText(String what, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
    }
    if (value.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(what + " contains a control character");
    }
  }

  /** A retention sweep now (one runs at start and periodically anyway). */
  void deleteExpired() {
    if (retention != null) {
      retention.sweep();
    }
  }
}
