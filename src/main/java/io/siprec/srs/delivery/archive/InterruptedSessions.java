package io.siprec.srs.delivery.archive;

import io.siprec.srs.delivery.EventJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, the sessions a previous run was still writing when it died (a folder without {@code
 * archive.json}): their files are playable up to the last chunk written; each gets an {@code
 * archive.json} saying it is incomplete, once, so nobody mistakes it for a whole call.
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
   * Marks the interrupted sessions under {@code root}; never throws (the archive starts anyway).
   *
   * @return how many were marked
   */
  static int mark(Path root) {
    int marked = 0;
    try (Stream<Path> days = Files.list(root)) {
      for (Path day :
          days.filter(Files::isDirectory)
              // Day folders only: the legal holds' folder sits next to them.
              .filter(d -> SessionFolders.dayOf(d).isPresent())
              .sorted(Comparator.reverseOrder())
              .limit(DAYS_LOOKED_AT)
              .toList()) {
        try (Stream<Path> sessions = Files.list(day)) {
          for (Path session : sessions.filter(Files::isDirectory).toList()) {
            if (!Files.exists(session.resolve("archive.json"))) {
              Files.writeString(session.resolve("archive.json"), SUMMARY, StandardCharsets.UTF_8);
              marked++;
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
    return marked;
  }
}
