package io.siprec.srs.delivery.archive;

import io.siprec.srs.session.ArchivedRecording;
import io.siprec.srs.session.ErasureReport;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.metadata.Participant;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An erasure request (GDPR Art. 17): every archived recording in which a participant with the given
 * address of record appears is deleted, except those on legal hold and those still being recorded.
 * Who appears is read from the session's final snapshot ({@code session.json}: every {@code aor} in
 * it), or, for a session cut off before it ended, from its {@code events.jsonl}. A session whose
 * files cannot be read (encrypted, {@code .enc}, or missing) is reported as not searchable: never
 * passed over silently.
 */
final class Erasure {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);
  static final String SESSION_JSON = "session.json";
  static final String EVENTS_JSONL = "events.jsonl";
  static final String ENCRYPTED = ".enc";

  private final Path root;
  private final LiveSessions live;
  private final LegalHolds holds;
  private final AuditLog audit;
  private final Object deletions;
  private final Clock clock;

  Erasure(
      Path root,
      LiveSessions live,
      LegalHolds holds,
      AuditLog audit,
      Object deletions,
      Clock clock) {
    this.root = root;
    this.clock = clock;
    this.live = live;
    this.holds = holds;
    this.audit = audit;
    this.deletions = deletions;
  }

  /**
   * @param aor the participant's address of record, as the request names it
   * @param by who asked
   * @param request the request's reference
   */
  ErasureReport erase(String aor, String by, String request) throws IOException {
    String sha256 = sha256(aor);
    List<ArchivedRecording> deleted = new ArrayList<>();
    List<ArchivedRecording> held = new ArrayList<>();
    List<ArchivedRecording> liveOnes = new ArrayList<>();
    List<ErasureReport.NotSearchable> notSearchable = new ArrayList<>();
    synchronized (deletions) {
      Map<Path, SessionSnapshot> snapshots = live.snapshots();
      for (Path session : SessionFolders.sessions(root)) {
        String id = session.getFileName().toString();
        String day = SessionFolders.dayName(session);
        if (live.isLive(session)) {
          SessionSnapshot s = snapshots.get(session);
          if (s != null && appearsIn(aor, s)) {
            liveOnes.add(new ArchivedRecording(id, day, List.of()));
          }
          continue;
        }
        List<String> aors;
        try {
          aors = participantsOf(session);
        } catch (NotSearchableException e) {
          notSearchable.add(new ErasureReport.NotSearchable(id, day, e.getMessage()));
          continue;
        } catch (IOException e) {
          notSearchable.add(new ErasureReport.NotSearchable(id, day, "cannot be read: " + e));
          continue;
        }
        if (aors.stream().noneMatch(a -> AorMatch.same(aor, a))) {
          continue;
        }
        if (holds.isHeld(id)) {
          held.add(new ArchivedRecording(id, day, List.of()));
          continue;
        }
        List<String> files = SessionFolders.delete(session);
        deleted.add(new ArchivedRecording(id, day, files));
        audit.deleted(id, day, AuditLog.ERASURE, by, request, files, sha256);
        LOG.info("archive: erased session {} of {} (request {} by {})", id, day, request, by);
        // Not today's: a session starting now may be about to create its folder there.
        if (SessionFolders.dayOf(session.getParent())
            .filter(d -> d.isBefore(LocalDate.now(clock.withZone(ZoneOffset.UTC))))
            .isPresent()) {
          SessionFolders.deleteIfEmpty(session.getParent());
        }
      }
    }
    return new ErasureReport(sha256, deleted, held, liveOnes, notSearchable);
  }

  private static boolean appearsIn(String aor, SessionSnapshot s) {
    if (s.metadata() == null) {
      return false;
    }
    for (Participant p : s.metadata().participants()) {
      if (AorMatch.same(aor, p.aor())) {
        return true;
      }
    }
    return false;
  }

  /** Every address of record the session's files name. */
  static List<String> participantsOf(Path session) throws IOException, NotSearchableException {
    Path snapshot = session.resolve(SESSION_JSON);
    if (Files.isRegularFile(snapshot)) {
      List<String> aors = new ArrayList<>();
      try (JsonReader reader =
          Json.createReader(new StringReader(Files.readString(snapshot, StandardCharsets.UTF_8)))) {
        collectAors(reader.readValue(), aors);
      } catch (JsonException e) {
        throw new NotSearchableException(SESSION_JSON + " is not JSON: " + e.getMessage());
      }
      return aors;
    }
    if (Files.exists(session.resolve(SESSION_JSON + ENCRYPTED))) {
      throw new NotSearchableException(
          SESSION_JSON
              + " is encrypted ("
              + SESSION_JSON
              + ENCRYPTED
              + "): its participants cannot be read here");
    }
    // Cut off before it ended: the events it did write name its participants.
    Path events = session.resolve(EVENTS_JSONL);
    if (Files.isRegularFile(events)) {
      List<String> aors = new ArrayList<>();
      int read = 0;
      try (BufferedReader lines = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          try (JsonReader reader = Json.createReader(new StringReader(line))) {
            collectAors(reader.readValue(), aors);
            read++;
          } catch (JsonException e) {
            // the torn last line of a crash: the lines before it tell
          }
        }
      }
      if (read == 0) {
        throw new NotSearchableException(EVENTS_JSONL + " holds no readable event");
      }
      return aors;
    }
    if (Files.exists(session.resolve(EVENTS_JSONL + ENCRYPTED))) {
      throw new NotSearchableException(
          "no " + SESSION_JSON + ", and " + EVENTS_JSONL + " is encrypted");
    }
    throw new NotSearchableException("neither " + SESSION_JSON + " nor " + EVENTS_JSONL);
  }

  /** Every string value of a member named {@code aor}, at any depth. */
  private static void collectAors(JsonValue value, List<String> aors) {
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        if (e.getKey().equals("aor") && e.getValue() instanceof JsonString s) {
          aors.add(s.getString());
        } else {
          collectAors(e.getValue(), aors);
        }
      }
    } else if (value instanceof JsonArray a) {
      a.forEach(v -> collectAors(v, aors));
    }
  }

  /** SHA-256 (FIPS 180-4) of the address as requested, UTF-8, in lower-case hex. */
  static String sha256(String aor) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(aor.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** Why a session's participants could not be read. */
  static final class NotSearchableException extends Exception {
    private static final long serialVersionUID = 1L;

    NotSearchableException(String why) {
      super(why);
    }
  }
}
