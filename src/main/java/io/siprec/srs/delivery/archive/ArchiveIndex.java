package io.siprec.srs.delivery.archive;

import io.siprec.srs.consumer.EncryptedRecordingReader;
import io.siprec.srs.consumer.EncryptedRecordingReader.KeyEncryptionKeys;
import io.siprec.srs.consumer.RecordingDecryptionException;
import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.json.CallSummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive's search index: {@code index.json} in each session folder, written when the session
 * ends (one {@link CallSummary}: ids, participants' AORs and names, SRC, vendor, times, end reason,
 * completeness, problems), and the newest {@code capacity} of them in memory, read at start.
 *
 * <p>The file lives in the session folder so that whatever deletes the folder (retention, erasure)
 * deletes its index entry with it: an erased participant's AOR does not survive in an index. It is
 * written before the folder is sealed, so the manifest vouches for it. It is in clear even when the
 * archive is encrypted at rest: search must read it without the key (docs/admin.md says so).
 */
final class ArchiveIndex {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveIndex.class);
  static final String FILE = "index.json";

  private final int capacity;

  /** Oldest first; the oldest leaves when a new one comes to a full index. */
  private final LinkedHashMap<String, CallSummary> byId = new LinkedHashMap<>();

  private long leftOut;

  ArchiveIndex(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("index capacity must be at least 1, not " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Reads the index files of the newest {@code capacity} session folders under the root; a folder
   * without one (archived before the index, or cut off by a crash) is left out, one that cannot be
   * read is logged and left out.
   */
  static ArchiveIndex load(Path root, int capacity) throws IOException {
    return load(root, capacity, keyId -> null);
  }

  /**
   * As {@link #load(Path, int)}, also reading the encrypted index files ({@code index.json.enc},
   * written while encryption at rest is on) with the key-encryption keys {@code keys} finds.
   */
  static ArchiveIndex load(Path root, int capacity, KeyEncryptionKeys keys) throws IOException {
    ArchiveIndex index = new ArchiveIndex(capacity);
    List<Path> sessions = new ArrayList<>(SessionFolders.sessions(root));
    Collections.reverse(sessions);
    List<CallSummary> newestFirst = new ArrayList<>();
    for (Path session : sessions) {
      Path file = indexFileIn(session);
      if (file == null) {
        continue;
      }
      if (newestFirst.size() == capacity) {
        index.leftOut++;
        continue;
      }
      try {
        newestFirst.add(CallSummaryJson.read(read(file, keys)));
      } catch (IOException | IllegalArgumentException | RecordingDecryptionException e) {
        LOG.warn("archive index: {} not read, not searchable: {}", file, e.getMessage());
      }
    }
    Collections.reverse(newestFirst);
    newestFirst.forEach(index::add);
    return index;
  }

  /** The index file of a session folder, plain or encrypted (the newest of those); null: none. */
  private static Path indexFileIn(Path session) throws IOException {
    Path plain = session.resolve(FILE);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    try (Stream<Path> files = Files.list(session)) {
      return files
          .filter(f -> f.getFileName().toString().matches("index\\.json(\\.\\d+)?\\.enc"))
          .max(Comparator.comparingLong(ArchiveIndex::modified))
          .orElse(null);
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private static String read(Path file, KeyEncryptionKeys keys)
      throws IOException, RecordingDecryptionException {
    if (!file.getFileName().toString().endsWith(".enc")) {
      return Files.readString(file, StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    EncryptedRecordingReader.Outcome read = EncryptedRecordingReader.decrypt(file, keys, plain);
    if (!read.finished()) {
      throw new IOException("not finished (the server stopped while writing it)");
    }
    return plain.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the session's index file into its folder, as the session's other files are: encrypted
   * ({@code index.json.enc}) while encryption at rest is on, since it names the participants.
   */
  static void write(Path sessionDir, CallSummary summary, ArchiveFiles files) throws IOException {
    if (files == ArchiveFiles.PLAIN) {
      write(sessionDir, summary);
      return;
    }
    try (ArchiveFile file = files.create(sessionDir, FILE)) {
      file.append(
          ByteBuffer.wrap((CallSummaryJson.line(summary) + "\n").getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Writes the session's index file into its folder (replacing one already there). */
  static void write(Path sessionDir, CallSummary summary) throws IOException {
    Path part = sessionDir.resolve(FILE + ".part");
    Files.writeString(part, CallSummaryJson.line(summary) + "\n", StandardCharsets.UTF_8);
    Files.move(part, sessionDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  synchronized void add(CallSummary summary) {
    byId.remove(summary.id().value());
    byId.put(summary.id().value(), summary);
    if (byId.size() > capacity) {
      Map.Entry<String, CallSummary> oldest = byId.entrySet().iterator().next();
      byId.remove(oldest.getKey());
      leftOut++;
    }
  }

  /** The session's folder was deleted. */
  synchronized void forget(String sessionId) {
    byId.remove(sessionId);
  }

  synchronized List<CallSummary> all() {
    return List.copyOf(byId.values());
  }

  int capacity() {
    return capacity;
  }

  /** Sessions on disk not in memory because the index was full. */
  synchronized long leftOut() {
    return leftOut;
  }
}
