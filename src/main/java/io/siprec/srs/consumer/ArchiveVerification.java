package io.siprec.srs.consumer;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks an archive written by the SRS against its own tamper evidence, knowing only its documented
 * layout (docs/recordings.md, "Tamper evidence"): each session's {@code manifest.json} (every file
 * with size and SHA-256), the days' {@code chain.jsonl} (one line per manifest: its SHA-256 and the
 * previous one's, and the Ed25519 signature of its bytes), the days' {@code signing-key.pem} and
 * {@code audit.jsonl}, which records sessions deleted on purpose. {@link ArchiveVerify} is the
 * command that runs it.
 */
public final class ArchiveVerification {
  static final String MANIFEST = "manifest.json";
  static final String MANIFEST_PART = "manifest.json.part";
  static final String CHAIN = "chain.jsonl";
  static final String AUDIT = "audit.jsonl";

  /** What a session came out as. Only the last five are problems. */
  public enum Outcome {
    /** Every file as its manifest says, the manifest in the chain, its signature good. */
    OK("OK"),
    /** Deleted on purpose: audit.jsonl says when, why and by whom. */
    DELETED("DELETED"),
    /**
     * Still being recorded (no manifest nor archive.json yet), or cut off by a crash not yet seen.
     */
    OPEN("OPEN"),
    CHANGED("CHANGED"),
    MISSING("MISSING"),
    ADDED("ADDED"),
    BAD_SIGNATURE("BAD SIGNATURE"),
    CHAIN_BROKEN("CHAIN BROKEN");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    /** As the report prints it. */
    public String label() {
      return label;
    }

    public boolean isProblem() {
      return ordinal() >= CHANGED.ordinal();
    }
  }

  /** One thing found about one session ({@code <day>/<session id>}). */
  public record Finding(String day, String session, Outcome outcome, String detail) {}

  /**
   * Everything found.
   *
   * @param findings per session, in day and session order; a session with problems has one finding
   *     per problem and no OK
   * @param notes what the reader should know but is no problem (unsigned days, where the chain
   *     starts)
   * @param problems what is wrong beyond one session (an unreadable audit line)
   * @param headSeq the newest chain line's sequence number, 0 if none
   * @param headSha256 the newest manifest's SHA-256 in the chain: keep it elsewhere, and a later
   *     run shows that nothing after it was cut off
   */
  public record Report(
      List<Finding> findings,
      List<String> notes,
      List<String> problems,
      long headSeq,
      String headSha256) {
    public boolean allOk() {
      return problems.isEmpty() && findings.stream().noneMatch(f -> f.outcome().isProblem());
    }

    public Map<Outcome, Integer> counts() {
      Map<Outcome, Integer> counts = new LinkedHashMap<>();
      for (Outcome o : Outcome.values()) {
        int n = (int) findings.stream().filter(f -> f.outcome() == o).count();
        if (n > 0) {
          counts.put(o, n);
        }
      }
      return counts;
    }
  }

  /** One line of a chain.jsonl. */
  private record Entry(
      String chainDay,
      int line,
      long seq,
      String session,
      String day,
      String manifestSha256,
      String previousSha256,
      String signature) {
    String where() {
      return chainDay + "/" + CHAIN + " line " + line;
    }
  }

  /** A deletion audit.jsonl records. */
  private record Deletion(String time, String reason, String by, Set<String> files) {
    String describe() {
      return (reason.isEmpty() ? "no reason given" : reason)
          + (by.isEmpty() ? "" : " by " + by)
          + (time.isEmpty() ? "" : " at " + time);
    }
  }

  private final Path root;
  private final List<String> selectedDays;
  private final PublicKey givenKey;
  private final List<Finding> findings = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Deletion> deletions = new HashMap<>();
  private final Set<String> daysWithDeletions = new TreeSet<>();
  private final Map<String, List<Entry>> chains = new TreeMap<>();
  private final Map<String, List<Entry>> entriesBySession = new HashMap<>();
  private final Map<String, PublicKey> dayKeys = new HashMap<>();
  // Per day verified: what its manifests' signatures were.
  private boolean signedSeen;
  private boolean unsignedSeen;

  private ArchiveVerification(Path root, List<String> selectedDays, PublicKey givenKey) {
    this.root = root;
    this.selectedDays = selectedDays;
    this.givenKey = givenKey;
  }

  /**
   * Verifies an archive root (every day folder in it) or one day folder (its chain is linked to the
   * day before when that is there too).
   *
   * @param publicKey the key every manifest must be signed with; null: each day's {@code
   *     signing-key.pem}, and unsigned manifests are accepted (and said to be)
   * @throws IllegalArgumentException when {@code folder} is neither an archive root nor a day
   *     folder
   */
  public static Report verify(Path folder, PublicKey publicKey) throws IOException {
    Path dir = folder.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(folder + " is not a directory");
    }
    ArchiveVerification v;
    if (isDay(dir)) {
      v =
          new ArchiveVerification(
              dir.getParent(), List.of(dir.getFileName().toString()), publicKey);
    } else {
      List<String> days = dayNames(dir);
      if (days.isEmpty()) {
        throw new IllegalArgumentException(
            folder
                + " holds no day folders (yyyy-mm-dd): give the archive's root (srs.archive.dir) or"
                + " one of its day folders");
      }
      v = new ArchiveVerification(dir, days, publicKey);
    }
    return v.run();
  }

  private Report run() throws IOException {
    readAudit();
    for (String day : dayNames(root)) {
      chains.put(day, readChain(day));
    }
    checkLinks();
    for (String day : selectedDays) {
      verifyDay(day);
    }
    Entry head = null;
    for (List<Entry> entries : chains.values()) {
      if (!entries.isEmpty()) {
        head = entries.get(entries.size() - 1);
      }
    }
    return new Report(
        List.copyOf(findings),
        List.copyOf(notes),
        List.copyOf(problems),
        head == null ? 0 : head.seq(),
        head == null ? null : head.manifestSha256());
  }

  // --- audit.jsonl ------------------------------------------------------------------------------

  private void readAudit() throws IOException {
    Path audit = root.resolve(AUDIT);
    if (!Files.isRegularFile(audit)) {
      return;
    }
    List<String> lines = lines(audit);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonObject line = parseObject(lines.get(i));
      if (line == null) {
        problems.add(AUDIT + " line " + (i + 1) + " is not JSON: deletions it records are unknown");
        continue;
      }
      if (!"deleted".equals(string(line, "action")) || string(line, "session").isEmpty()) {
        continue;
      }
      Set<String> files = new TreeSet<>();
      if (line.get("files") instanceof JsonArray array) {
        for (JsonValue f : array) {
          if (f instanceof JsonString s) {
            files.add(s.getString());
          }
        }
      }
      deletions.put(
          string(line, "session"),
          new Deletion(string(line, "time"), string(line, "reason"), string(line, "by"), files));
      if (!string(line, "day").isEmpty()) {
        daysWithDeletions.add(string(line, "day"));
      }
    }
  }

  // --- chain.jsonl ------------------------------------------------------------------------------

  private List<Entry> readChain(String day) throws IOException {
    Path file = root.resolve(day).resolve(CHAIN);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<Entry> entries = new ArrayList<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonObject o = parseObject(lines.get(i));
      Entry e = o == null ? null : entry(day, i + 1, o);
      if (e == null) {
        if (selectedDays.contains(day)) {
          findings.add(
              new Finding(
                  day,
                  CHAIN,
                  Outcome.CHAIN_BROKEN,
                  "line " + (i + 1) + " is not a chain entry: the chain was edited or damaged"));
        }
        continue;
      }
      entries.add(e);
      entriesBySession.computeIfAbsent(e.session(), s -> new ArrayList<>()).add(e);
    }
    return entries;
  }

  private static Entry entry(String chainDay, int line, JsonObject o) {
    try {
      String sha = o.getString("manifestSha256");
      String previous = o.isNull("previousSha256") ? null : o.getString("previousSha256");
      String signature = o.isNull("signature") ? null : o.getString("signature");
      return new Entry(
          chainDay,
          line,
          o.getJsonNumber("seq").longValueExact(),
          o.getString("session"),
          o.getString("day"),
          sha,
          previous,
          signature);
    } catch (NullPointerException | ClassCastException | ArithmeticException e) {
      return null;
    }
  }

  /**
   * Each line must follow the one before it, across days: the next sequence number, and the
   * previous manifest's SHA-256. A manifest removed from the chain, one put in or lines swapped
   * break it there.
   */
  private void checkLinks() {
    Entry previous = null;
    for (Map.Entry<String, List<Entry>> day : chains.entrySet()) {
      boolean firstOfDay = true;
      for (Entry e : day.getValue()) {
        if (previous == null) {
          notes.add(
              "the chain starts at "
                  + e.where()
                  + " (seq "
                  + e.seq()
                  + (e.previousSha256() == null
                      ? ", the archive's first manifest)"
                      : ", linked to a manifest of an earlier day no longer here)"));
        } else if (e.seq() != previous.seq() + 1
            || !Objects.equals(e.previousSha256(), previous.manifestSha256())) {
          if (firstOfDay && deletedDayBetween(previous.chainDay(), day.getKey())) {
            notes.add(
                e.where()
                    + " links to a day deleted on purpose ("
                    + AUDIT
                    + "); that link is not checked");
          } else if (isSelected(e)) {
            findings.add(
                new Finding(e.day(), e.session(), Outcome.CHAIN_BROKEN, brokenLink(previous, e)));
          }
        }
        previous = e;
        firstOfDay = false;
      }
    }
  }

  private static String brokenLink(Entry previous, Entry e) {
    if (e.seq() <= previous.seq()) {
      return e.where()
          + ": seq "
          + e.seq()
          + " after seq "
          + previous.seq()
          + " ("
          + previous.where()
          + "): chain lines reordered or repeated";
    }
    if (e.seq() > previous.seq() + 1) {
      return e.where()
          + ": seq "
          + e.seq()
          + " follows seq "
          + previous.seq()
          + ": "
          + (e.seq() - previous.seq() - 1)
          + " manifest(s) removed from the chain";
    }
    return e.where()
        + ": previousSha256 is not the SHA-256 of the manifest before it ("
        + previous.where()
        + "): a manifest in the chain was replaced";
  }

  private boolean deletedDayBetween(String before, String after) {
    return daysWithDeletions.stream()
        .anyMatch(d -> d.compareTo(before) > 0 && d.compareTo(after) < 0);
  }

  private boolean isSelected(Entry e) {
    return selectedDays.contains(e.day()) || selectedDays.contains(e.chainDay());
  }

  // --- the sessions of a day --------------------------------------------------------------------

  private void verifyDay(String day) throws IOException {
    Path dayDir = root.resolve(day);
    Set<String> sessions = new TreeSet<>();
    if (Files.isDirectory(dayDir)) {
      try (Stream<Path> s = Files.list(dayDir)) {
        s.filter(Files::isDirectory).forEach(p -> sessions.add(p.getFileName().toString()));
      }
    }
    for (List<Entry> entries : chains.values()) {
      entries.stream().filter(e -> e.day().equals(day)).forEach(e -> sessions.add(e.session()));
    }
    signedSeen = false;
    unsignedSeen = false;
    for (String session : sessions) {
      List<Finding> found = new ArrayList<>();
      String okDetail = verifySession(day, session, found);
      if (found.isEmpty()) {
        found.add(new Finding(day, session, Outcome.OK, okDetail));
      }
      findings.addAll(found);
    }
    if (unsignedSeen) {
      notes.add(
          day
              + ": unsigned manifests, checked by their hashes only: whoever can write the archive"
              + " could have rewritten them and their chain (sign with srs.archive.signing.key-id)");
    }
    if (signedSeen && givenKey == null) {
      notes.add(
          day
              + ": signatures checked with the day's own signing-key.pem; give --public-key with a"
              + " copy kept elsewhere to rule out a replaced key");
    }
  }

  /**
   * Adds what is wrong with one session to {@code found}.
   *
   * @return what an OK line says about it; only used when nothing was found
   */
  private String verifySession(String day, String session, List<Finding> found) throws IOException {
    Path dir = root.resolve(day).resolve(session);
    List<Entry> entries = entriesBySession.getOrDefault(session, List.of());
    Entry entry = entries.isEmpty() ? null : entries.get(0);
    if (entries.size() > 1) {
      found.add(
          new Finding(
              day,
              session,
              Outcome.CHAIN_BROKEN,
              "in the chain " + entries.size() + " times (" + entries.get(1).where() + ")"));
    }
    Deletion deletion = deletions.get(session);
    if (!Files.isDirectory(dir)) {
      if (deletion != null) {
        found.add(new Finding(day, session, Outcome.DELETED, deletion.describe()));
      } else {
        found.add(
            new Finding(
                day,
                session,
                Outcome.MISSING,
                "the session folder is gone"
                    + (entry == null ? "" : " (sealed at seq " + entry.seq() + ")")
                    + " and "
                    + AUDIT
                    + " records no deletion"));
      }
      return null;
    }
    Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      if (entry != null) {
        found.add(
            new Finding(
                day, session, Outcome.MISSING, MANIFEST + " (sealed at seq " + entry.seq() + ")"));
      } else if (Files.exists(dir.resolve("archive.json"))) {
        found.add(
            new Finding(
                day,
                session,
                Outcome.MISSING,
                MANIFEST + " (the session ended: it must have one)"));
      } else {
        found.add(
            new Finding(
                day,
                session,
                Outcome.OPEN,
                "no "
                    + MANIFEST
                    + " yet: being recorded, or cut off by a crash the server has not"
                    + " restarted from"));
        return null;
      }
      return "";
    }
    byte[] manifestBytes = Files.readAllBytes(manifestFile);
    String manifestSha = hex(sha256().digest(manifestBytes));
    if (entry == null) {
      found.add(
          new Finding(
              day,
              session,
              Outcome.CHAIN_BROKEN,
              MANIFEST + " is in no day's chain: removed from it, or a session put in by hand"));
    } else if (!manifestSha.equals(entry.manifestSha256())) {
      found.add(
          new Finding(
              day,
              session,
              Outcome.CHAIN_BROKEN,
              MANIFEST
                  + " is not the one chained at seq "
                  + entry.seq()
                  + " ("
                  + entry.where()
                  + "): replaced or edited"));
    }
    JsonObject manifest = parseObject(new String(manifestBytes, StandardCharsets.UTF_8));
    if (manifest == null || !(manifest.get("files") instanceof JsonArray)) {
      found.add(
          new Finding(
              day, session, Outcome.CHANGED, MANIFEST + " is not a manifest: its files unchecked"));
      return "";
    }
    if (entry != null) {
      checkBinding(day, session, manifest, entry, found);
    }
    String signed =
        entry == null ? "" : checkSignature(day, session, manifestBytes, manifest, entry, found);
    int files = checkFiles(day, session, dir, manifest.getJsonArray("files"), deletion, found);
    return files + " file(s), seq " + (entry == null ? "?" : entry.seq()) + ", " + signed;
  }

  /** The manifest names the folder it is in and the chain position it was sealed at. */
  private static void checkBinding(
      String day, String session, JsonObject manifest, Entry entry, List<Finding> found) {
    String names = string(manifest, "day") + "/" + string(manifest, "session");
    if (!names.equals(day + "/" + session)) {
      found.add(
          new Finding(
              day,
              session,
              Outcome.CHAIN_BROKEN,
              MANIFEST + " is the manifest of " + names + ": copied or moved here"));
    }
    long seq = manifest.get("seq") instanceof JsonNumber n ? n.longValue() : -1;
    String previous =
        manifest.get("previousManifestSha256") instanceof JsonString s ? s.getString() : null;
    if (seq != entry.seq() || !Objects.equals(previous, entry.previousSha256())) {
      found.add(
          new Finding(
              day,
              session,
              Outcome.CHAIN_BROKEN,
              MANIFEST
                  + " says seq "
                  + seq
                  + " but "
                  + entry.where()
                  + " says seq "
                  + entry.seq()
                  + " (or another previous manifest)"));
    }
  }

  /**
   * @return "signed by ..." or "unsigned" for the OK line
   */
  private String checkSignature(
      String day,
      String session,
      byte[] manifestBytes,
      JsonObject manifest,
      Entry entry,
      List<Finding> found) {
    JsonObject signing = manifest.get("signing") instanceof JsonObject o ? o : null;
    if (entry.signature() == null) {
      unsignedSeen = true;
      if (signing != null) {
        found.add(
            new Finding(
                day,
                session,
                Outcome.BAD_SIGNATURE,
                "the manifest names signing key '"
                    + string(signing, "keyId")
                    + "' but "
                    + entry.where()
                    + " holds no signature"));
      } else if (givenKey != null) {
        found.add(
            new Finding(
                day, session, Outcome.BAD_SIGNATURE, "unsigned, and --public-key asks for signed"));
      }
      return "unsigned";
    }
    String fingerprint = signing == null ? "" : string(signing, "publicKeySha256");
    PublicKey key;
    if (givenKey != null) {
      key = givenKey;
      if (!fingerprint.equals(fingerprint(givenKey))) {
        found.add(
            new Finding(
                day,
                session,
                Outcome.BAD_SIGNATURE,
                "signed by key "
                    + shortHex(fingerprint)
                    + ", not by the --public-key ("
                    + shortHex(fingerprint(givenKey))
                    + ")"));
        return "";
      }
    } else {
      key = dayKey(fingerprint, entry.chainDay(), day);
      if (key == null) {
        found.add(
            new Finding(
                day,
                session,
                Outcome.BAD_SIGNATURE,
                "no signing-key*.pem with the manifest's key "
                    + shortHex(fingerprint)
                    + " in "
                    + entry.chainDay()
                    + "/"));
        return "";
      }
    }
    if (!verifies(key, manifestBytes, entry.signature())) {
      found.add(
          new Finding(
              day,
              session,
              Outcome.BAD_SIGNATURE,
              "the Ed25519 signature in "
                  + entry.where()
                  + " does not verify: the manifest was altered, or signed by another key"));
      return "";
    }
    signedSeen = true;
    return "signed by '" + string(signing, "keyId") + "' (" + shortHex(fingerprint) + ")";
  }

  /**
   * @return how many files the manifest lists
   */
  private static int checkFiles(
      String day,
      String session,
      Path dir,
      JsonArray listed,
      Deletion deletion,
      List<Finding> found)
      throws IOException {
    Set<String> names = new TreeSet<>();
    for (JsonValue v : listed) {
      JsonObject f = v instanceof JsonObject o ? o : null;
      String name = f == null ? "" : string(f, "name");
      Path file = dir.resolve(name).normalize();
      if (name.isEmpty() || !file.startsWith(dir) || file.equals(dir)) {
        found.add(
            new Finding(
                day,
                session,
                Outcome.CHANGED,
                MANIFEST + " lists a file outside the folder: " + v));
        continue;
      }
      names.add(name);
      if (!Files.isRegularFile(file)) {
        if (deletion != null && deletion.files().contains(name)) {
          found.add(new Finding(day, session, Outcome.DELETED, name + ": " + deletion.describe()));
        } else {
          found.add(new Finding(day, session, Outcome.MISSING, name));
        }
        continue;
      }
      long size = Files.size(file);
      long listedSize = f.get("size") instanceof JsonNumber n ? n.longValue() : -1;
      if (size != listedSize) {
        found.add(
            new Finding(
                day,
                session,
                Outcome.CHANGED,
                name + ": " + size + " bytes, the manifest says " + listedSize));
        continue;
      }
      String sha = sha256Of(file);
      if (!sha.equals(string(f, "sha256"))) {
        found.add(
            new Finding(
                day,
                session,
                Outcome.CHANGED,
                name
                    + ": SHA-256 "
                    + shortHex(sha)
                    + ", the manifest says "
                    + shortHex(string(f, "sha256"))));
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        String name = dir.relativize(p).toString().replace('\\', '/');
        if (!names.contains(name) && !name.equals(MANIFEST) && !name.equals(MANIFEST_PART)) {
          found.add(
              new Finding(day, session, Outcome.ADDED, name + " (" + Files.size(p) + " bytes)"));
        }
      }
    }
    return listed.size();
  }

  // --- keys
  // ---------------------------------------------------------------------------------------

  /**
   * The key with this fingerprint among the signing-key*.pem of these day folders (the chain's day,
   * where the server publishes it, and the session's).
   */
  private PublicKey dayKey(String fingerprint, String... days) {
    for (String day : days) {
      PublicKey known = dayKeys.get(day + "/" + fingerprint);
      if (known != null) {
        return known;
      }
      try (Stream<Path> s = Files.list(root.resolve(day))) {
        for (Path pem :
            s.filter(
                    p -> {
                      String n = p.getFileName().toString();
                      return n.startsWith("signing-key") && n.endsWith(".pem");
                    })
                .toList()) {
          try {
            PublicKey key = readPublicKey(pem);
            dayKeys.put(day + "/" + fingerprint(key), key);
            if (fingerprint(key).equals(fingerprint)) {
              return key;
            }
          } catch (IllegalArgumentException e) {
            String problem = root.relativize(pem) + " is not a usable key: " + e.getMessage();
            if (!problems.contains(problem)) {
              problems.add(problem);
            }
          }
        }
      } catch (IOException e) {
        // a day folder that is gone has no key: the caller reports the signature as unverifiable
      }
    }
    return null;
  }

  /**
   * An Ed25519 public key from a PEM file (RFC 7468: "PUBLIC KEY", SubjectPublicKeyInfo).
   *
   * @throws IllegalArgumentException saying what the file is instead
   */
  public static PublicKey readPublicKey(Path pem) throws IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN PUBLIC KEY-----");
    int end = text.indexOf("-----END PUBLIC KEY-----");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no -----BEGIN PUBLIC KEY----- block");
    }
    byte[] der;
    try {
      der =
          Base64.getMimeDecoder()
              .decode(text.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM block is not Base64: " + e.getMessage(), e);
    }
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key (" + e.getMessage() + ")", e);
    }
  }

  /** RFC 8032 pure Ed25519 over the manifest's bytes, as they are on disk. */
  private static boolean verifies(PublicKey key, byte[] data, String base64Signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(data);
      return verifier.verify(Base64.getDecoder().decode(base64Signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // not Base64, or not 64 bytes: no valid signature either
    }
  }

  /** SHA-256 of the key's SubjectPublicKeyInfo, as manifests name their key. */
  static String fingerprint(PublicKey key) {
    return hex(sha256().digest(key.getEncoded()));
  }

  // --- small helpers
  // ------------------------------------------------------------------------------

  private static String sha256Of(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String shortHex(String hex) {
    return hex == null || hex.length() <= 16 ? String.valueOf(hex) : hex.substring(0, 16) + "...";
  }

  /**
   * A file's lines; bytes that are not UTF-8 are decoded as U+FFFD, so a damaged line is reported
   * as that line rather than stopping the whole run.
   */
  private static List<String> lines(Path file) throws IOException {
    return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
  }

  private static JsonObject parseObject(String text) {
    try {
      return Json.createReader(new StringReader(text)).readObject();
    } catch (JsonException | IllegalStateException e) {
      return null;
    }
  }

  private static String string(JsonObject o, String name) {
    return o.get(name) instanceof JsonString s ? s.getString() : "";
  }

  private static boolean isDay(Path dir) {
    return Files.isRegularFile(dir.resolve(CHAIN)) || isDayName(dir.getFileName().toString());
  }

  private static boolean isDayName(String name) {
    try {
      LocalDate.parse(name);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static List<String> dayNames(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(ArchiveVerification::isDayName)
          .sorted()
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
