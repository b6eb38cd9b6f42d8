package io.siprec.srs.delivery.archive;

import io.siprec.srs.delivery.EventJson;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, the sessions a previous run was still writing when it died (a folder without {@code
 * archive.json}): their files are playable up to the last chunk written; each gets an {@code
 * archive.json} saying it is incomplete, once, so nobody mistakes it for a whole call, and then its
 * manifest ({@code complete: false}) in the {@link ManifestChain}. A session that ended but whose
 * manifest did not reach the chain (the run died between the two) is sealed here too.
 */
final class InterruptedSessions {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);

  /** Day folders looked at, newest first: calls do not outlive a day by much. */
  static final int DAYS_LOOKED_AT = 2;

  static final String SUMMARY =
      "{\"schemaVersion\":"
          + EventJson.SCHEMA_VERSION
          + ",\"complete\":false,\"interrupted\":\"the server stopped without ending this session\"}";

  private InterruptedSessions() {}

  /**
   * Marks the interrupted sessions under {@code root} and seals every session of those days not in
   * the chain yet; never throws (the archive starts anyway).
   *
   * @return how many were marked interrupted
   */
  static int mark(Path root, ManifestChain chain) {
    int marked = 0;
    int sealed = 0;
    try {
      // Day folders only: anything else under the root is not ours.
      List<Path> newest =
          new ArrayList<>(
              ManifestChain.dayFoldersNewestFirst(root).stream().limit(DAYS_LOOKED_AT).toList());
      // Oldest first, so the chain gets them roughly in the order they ended.
      Collections.reverse(newest);
      for (Path day : newest) {
        List<Path> sessions;
        try (Stream<Path> s = Files.list(day)) {
          sessions = s.filter(Files::isDirectory).sorted().toList();
        }
        for (Path session : sessions) {
          boolean complete;
          if (!Files.exists(session.resolve("archive.json"))) {
            Files.writeString(session.resolve("archive.json"), SUMMARY, StandardCharsets.UTF_8);
            marked++;
            complete = false;
            LOG.warn(
                "archive: session {} was cut off by the previous run; its files end where that run stopped",
                session.getFileName());
          } else {
            complete = completeFlag(session.resolve("archive.json"));
          }
          if (!chain.isSealed(session.getFileName().toString())) {
            try {
              seal(chain, session, complete);
              sealed++;
            } catch (IOException | RuntimeException e) {
              LOG.error("archive: cannot write the manifest of {}: {}", session, e.toString());
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("archive: cannot look for interrupted sessions: {}", e.toString());
    }
    if (sealed > 0) {
      LOG.info("archive: {} session(s) of the previous run got their manifest now", sealed);
    }
    return marked;
  }

  private static void seal(ManifestChain chain, Path session, boolean complete) throws IOException {
    chain.seal(session, startedAt(session), endedAt(session), complete);
  }

  private static boolean completeFlag(Path summary) {
    JsonObject json = readJson(summary);
    return json != null && json.getBoolean("complete", false);
  }

  /** The {@code at} of the first event written, if it can be read. */
  private static Instant startedAt(Path session) throws IOException {
    Path events = session.resolve("events.jsonl");
    if (!Files.isRegularFile(events)) {
      return null;
    }
    try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
      String first = in.readLine();
      return first == null ? null : at(parse(first));
    }
  }

  /** The end event's time; for a session cut off, when its files were last written. */
  private static Instant endedAt(Path session) throws IOException {
    Path ended = session.resolve("session.json");
    if (Files.isRegularFile(ended)) {
      Instant at = at(readJson(ended));
      if (at != null) {
        return at;
      }
    }
    try (Stream<Path> files = Files.list(session)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals("archive.json"))
          .map(InterruptedSessions::modified)
          .max(Comparator.naturalOrder())
          .orElse(null);
    }
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.EPOCH;
    }
  }

  private static JsonObject readJson(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonObject parse(String text) {
    try {
      return ManifestChain.READERS.createReader(new StringReader(text)).readObject();
    } catch (JsonException | IllegalStateException e) {
      return null;
    }
  }

  private static Instant at(JsonObject event) {
    if (event == null) {
      return null;
    }
    try {
      return Instant.parse(event.getString("at"));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
