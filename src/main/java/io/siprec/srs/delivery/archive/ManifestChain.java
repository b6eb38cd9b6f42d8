package io.siprec.srs.delivery.archive;

import io.siprec.srs.delivery.EventJson;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tamper evidence for the archive. When a session's files are closed, {@link #seal} writes its
 * {@code manifest.json}: every file in the folder as stored on disk (whatever its name: a later
 * {@code .enc} is hashed like a {@code .wav}) with its size and SHA-256, and the previous
 * manifest's SHA-256 and a sequence number, so manifests form one chain in the order sessions
 * ended. The chain itself is {@code <root>/<UTC day the session ended>/chain.jsonl}, one line per
 * manifest: {@code {seq, session, day, manifestSha256, previousSha256, signature}}; the first line
 * of a day links to the last line of the day before. With a signing key, each line carries the
 * Ed25519 signature of the manifest's bytes and the day folder the key's public half as {@code
 * signing-key.pem}. The chain holds manifest hashes, not manifests, so it still verifies after a
 * session was deleted on purpose. {@code io.siprec.srs.consumer.ArchiveVerify} checks it all.
 *
 * <p>One caller at a time: the writer thread, or start-up before it runs.
 */
public final class ManifestChain {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);

  public static final String MANIFEST = "manifest.json";
  public static final String CHAIN = "chain.jsonl";
  public static final String PUBLIC_KEY = "signing-key.pem";
  private static final String MANIFEST_PART = "manifest.json.part";

  /** Made once: a provider lookup per call is slow (see SessionJson). */
  static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  /** Day folders whose chains are read at open to know which sessions are sealed already. */
  static final int DAYS_READ = 3;

  private final Path root;
  private final ArchiveSigningKey key;
  private final Clock clock;

  /** Sessions in the chains read at open: what start-up must not seal again; then forgotten. */
  private final Set<String> sealedBeforeOpen = new HashSet<>();

  /** The last sessions sealed: a chunk or event arriving after its session's seal is refused. */
  private final Set<String> recentlySealed =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > RECENTLY_SEALED;
            }
          });

  static final int RECENTLY_SEALED = 4096;
  private long lastSeq;
  private String lastSha256;

  /** What {@link #seal} wrote. */
  public record Seal(long seq, String manifestSha256, String previousSha256, String signature) {}

  private ManifestChain(Path root, ArchiveSigningKey key, Clock clock) {
    this.root = root;
    this.key = key;
    this.clock = clock;
  }

  /**
   * The chain of the archive under {@code root}, continuing from the last line of the newest day's
   * {@code chain.jsonl}.
   *
   * @param key the signing key; null writes manifests and chain unsigned (hashes only)
   */
  public static ManifestChain open(Path root, ArchiveSigningKey key, Clock clock)
      throws IOException {
    ManifestChain chain = new ManifestChain(root, key, clock);
    List<Path> days = dayFoldersNewestFirst(root);
    boolean headFound = false;
    int read = 0;
    for (Path day : days) {
      Path file = day.resolve(CHAIN);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      List<JsonObject> lines = readLines(file);
      lines.forEach(l -> chain.sealedBeforeOpen.add(l.getString("session")));
      if (!headFound && !lines.isEmpty()) {
        JsonObject last = lines.get(lines.size() - 1);
        chain.lastSeq = last.getJsonNumber("seq").longValueExact();
        chain.lastSha256 = last.getString("manifestSha256");
        headFound = true;
      }
      if (++read >= DAYS_READ && headFound) {
        break;
      }
    }
    return chain;
  }

  /**
   * Whether the session's manifest is in one of the chains read at open (until {@link
   * #startUpDone}), or among the last {@value #RECENTLY_SEALED} sealed since.
   */
  public synchronized boolean isSealed(String sessionId) {
    return sealedBeforeOpen.contains(sessionId) || recentlySealed.contains(sessionId);
  }

  /**
   * Start-up has sealed what the last run left: the chains' sessions need not be kept in memory.
   */
  public synchronized void startUpDone() {
    sealedBeforeOpen.clear();
  }

  /** The sequence number of the last manifest in the chain; 0 before the first. */
  public synchronized long lastSeq() {
    return lastSeq;
  }

  /**
   * Writes the session's manifest (atomically: a crash leaves the old state or the whole file) and
   * appends it to today's chain. Call it after the session's files are closed.
   *
   * @param startedAt when the session started; null if not known
   * @param endedAt when it ended (or was found cut off); null if not known
   */
  public synchronized Seal seal(
      Path sessionDir, Instant startedAt, Instant endedAt, boolean complete) throws IOException {
    String sessionId = sessionDir.getFileName().toString();
    String sessionDay = sessionDir.getParent().getFileName().toString();
    long seq = lastSeq + 1;
    byte[] manifest =
        manifest(sessionDir, sessionId, sessionDay, seq, startedAt, endedAt, complete);
    String sha256 = HexFormat.of().formatHex(sha256().digest(manifest));
    Path part = sessionDir.resolve(MANIFEST_PART);
    writeAndSync(part, manifest);
    Files.move(
        part,
        sessionDir.resolve(MANIFEST),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);

    Path chainDay =
        Files.createDirectories(
            root.resolve(LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString()));
    String signature = null;
    if (key != null) {
      publishPublicKey(chainDay);
      try {
        signature = Base64.getEncoder().encodeToString(key.sign(manifest));
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot sign the manifest of " + sessionId + " with " + key, e);
      }
    }
    StringWriter line = new StringWriter();
    try (JsonGenerator g = EventJson.generator(line)) {
      g.writeStartObject();
      g.write("seq", seq);
      g.write("session", sessionId);
      g.write("day", sessionDay);
      g.write("manifestSha256", sha256);
      writeOrNull(g, "previousSha256", lastSha256);
      writeOrNull(g, "signature", signature);
      g.writeEnd();
    }
    append(chainDay.resolve(CHAIN), line + "\n");
    Seal seal = new Seal(seq, sha256, lastSha256, signature);
    lastSeq = seq;
    lastSha256 = sha256;
    recentlySealed.add(sessionId);
    return seal;
  }

  private byte[] manifest(
      Path sessionDir,
      String sessionId,
      String sessionDay,
      long seq,
      Instant startedAt,
      Instant endedAt,
      boolean complete)
      throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = EventJson.generator(out)) {
      g.writeStartObject();
      g.write("schemaVersion", EventJson.SCHEMA_VERSION);
      g.write("session", sessionId);
      g.write("day", sessionDay);
      g.write("seq", seq);
      writeOrNull(g, "previousManifestSha256", lastSha256);
      writeOrNull(g, "startedAt", startedAt == null ? null : startedAt.toString());
      writeOrNull(g, "endedAt", endedAt == null ? null : endedAt.toString());
      g.write("complete", complete);
      g.write("sealedAt", clock.instant().toString());
      g.write("hashAlgorithm", "SHA-256");
      g.writeStartArray("files");
      for (Path file : filesOf(sessionDir)) {
        g.writeStartObject();
        g.write("name", sessionDir.relativize(file).toString().replace('\\', '/'));
        g.write("size", Files.size(file));
        g.write("sha256", sha256Of(file));
        g.writeEnd();
      }
      g.writeEnd();
      if (key == null) {
        g.writeNull("signing");
      } else {
        g.writeStartObject("signing");
        g.write("algorithm", "Ed25519");
        g.write("keyId", key.keyId());
        g.write("publicKeySha256", key.fingerprint());
        g.writeEnd();
      }
      g.writeEnd();
    }
    return (out + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Every file under the session folder but the manifest itself, in name order. */
  private static List<Path> filesOf(Path sessionDir) throws IOException {
    try (Stream<Path> walk = Files.walk(sessionDir)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p ->
                  !p.getParent().equals(sessionDir)
                      || !(p.getFileName().toString().equals(MANIFEST)
                          || p.getFileName().toString().equals(MANIFEST_PART)))
          .sorted(Comparator.comparing(p -> sessionDir.relativize(p).toString()))
          .toList();
    }
  }

  /** SHA-256 (FIPS 180-4) of the file's bytes as stored, lower-case hex. */
  static String sha256Of(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /**
   * {@code signing-key.pem} once per day; a key changed within the day (a restart with another key)
   * goes next to it as {@code signing-key-<fingerprint's first 16 hex>.pem}, so every signature of
   * the day has its key there.
   */
  private void publishPublicKey(Path chainDay) throws IOException {
    String pem = key.publicKeyPem();
    Path main = chainDay.resolve(PUBLIC_KEY);
    if (!Files.exists(main)) {
      writeAndSync(main, pem.getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (Files.readString(main, StandardCharsets.US_ASCII).equals(pem)) {
      return;
    }
    Path other = chainDay.resolve("signing-key-" + key.fingerprint().substring(0, 16) + ".pem");
    if (!Files.exists(other)) {
      writeAndSync(other, pem.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void writeAndSync(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  /** One write of the whole line, then to the disk: a crash leaves at most a torn last line. */
  private static void append(Path file, String line) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
  }

  private static void writeOrNull(JsonGenerator g, String name, String value) {
    if (value == null) {
      g.writeNull(name);
    } else {
      g.write(name, value);
    }
  }

  /**
   * The chain's readable lines. A torn last line (the server died in the middle of appending it) is
   * cut off: its manifest is sealed again by {@link InterruptedSessions}. Any other unreadable line
   * is logged and left as it is, for the verifier to report: recording goes on, the chain continues
   * from the last line that can be read.
   */
  private static List<JsonObject> readLines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--;
    }
    if (end < bytes.length) {
      LOG.warn(
          "archive: {} ends in a torn line ({} bytes), cut off; its session is sealed again",
          file,
          bytes.length - end);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
        ch.force(true);
      }
    }
    List<JsonObject> lines = new ArrayList<>();
    String[] text = new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n");
    for (int i = 0; i < text.length; i++) {
      if (text[i].isBlank()) {
        continue;
      }
      try {
        JsonObject line = READERS.createReader(new StringReader(text[i])).readObject();
        line.getJsonNumber("seq").longValueExact();
        line.getString("manifestSha256");
        line.getString("session");
        lines.add(line);
      } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
        LOG.error(
            "archive: {} line {} is not a chain entry ({}); the chain goes on from the last one "
                + "that is, and ArchiveVerify will report it",
            file,
            i + 1,
            e.toString());
      }
    }
    return lines;
  }

  /** Folders under the root named as a UTC day, newest first. */
  static List<Path> dayFoldersNewestFirst(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .filter(ManifestChain::isDayName)
          .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed())
          .toList();
    }
  }

  private static boolean isDayName(Path p) {
    try {
      LocalDate.parse(p.getFileName().toString());
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
