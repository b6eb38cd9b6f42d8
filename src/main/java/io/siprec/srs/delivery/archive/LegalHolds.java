package io.siprec.srs.delivery.archive;

import io.siprec.srs.session.LegalHold;
import io.siprec.srs.session.RecordingSessionId;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Legal holds, one file each, {@code <archive>/legal-holds/<session id>.json} with who, when and
 * why: they survive a restart, and sit outside the session's folder, whose files stay as the
 * session left them. A hold file that cannot be read still holds.
 */
final class LegalHolds {
  private static final Logger LOG = LoggerFactory.getLogger(RecordingArchive.class);
  static final String FOLDER = "legal-holds";

  private final Path dir;

  LegalHolds(Path root) {
    this.dir = root.resolve(FOLDER);
  }

  boolean isHeld(String sessionId) {
    return Files.exists(file(sessionId));
  }

  Optional<LegalHold> of(RecordingSessionId id) {
    Path file = file(id.value());
    try {
      return Optional.of(read(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("archive: legal hold {} cannot be read ({}); the session stays held", file, e);
      return Optional.of(new LegalHold(id, "", "", Instant.EPOCH, "(hold file unreadable)"));
    }
  }

  /** Oldest first. */
  List<LegalHold> all() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<LegalHold> holds = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        String name = f.getFileName().toString();
        try {
          of(new RecordingSessionId(name.substring(0, name.length() - ".json".length())))
              .ifPresent(holds::add);
        } catch (IllegalArgumentException e) {
          // not a hold file of ours
        }
      }
    } catch (IOException e) {
      LOG.warn("archive: cannot list the legal holds: {}", e.toString());
    }
    holds.sort(Comparator.comparing(LegalHold::at));
    return holds;
  }

  /**
   * @throws IllegalStateException when the session is held already
   */
  LegalHold put(LegalHold hold) throws IOException {
    Files.createDirectories(dir);
    Path file = file(hold.session().value());
    if (Files.exists(file)) {
      throw new IllegalStateException("session " + hold.session() + " is on legal hold already");
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = Json.createGeneratorFactory(Map.of()).createGenerator(out)) {
      g.writeStartObject();
      g.write("session", hold.session().value());
      g.write("day", hold.day());
      g.write("by", hold.by());
      g.write("at", hold.at().toString());
      g.write("why", hold.why());
      g.writeEnd();
    }
    // Whole or not at all: a hold half written would still hold, but say nothing.
    Path temporary = dir.resolve(hold.session().value() + ".json.tmp");
    Files.writeString(temporary, out.toString(), StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    return hold;
  }

  /**
   * @return the hold released
   * @throws NoSuchElementException when the session is not held
   */
  LegalHold release(RecordingSessionId id) throws IOException {
    LegalHold hold =
        of(id).orElseThrow(() -> new NoSuchElementException("session " + id + " is not held"));
    Files.delete(file(id.value()));
    return hold;
  }

  private Path file(String sessionId) {
    return dir.resolve(sessionId + ".json");
  }

  private static LegalHold read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      JsonObject o = reader.readObject();
      return new LegalHold(
          new RecordingSessionId(o.getString("session")),
          o.getString("day"),
          o.getString("by"),
          Instant.parse(o.getString("at")),
          o.getString("why"));
    } catch (JsonException
        | ClassCastException
        | NullPointerException
        | IllegalArgumentException
        | DateTimeParseException e) {
      throw new IOException(file + " is not a legal hold: " + e.getMessage(), e);
    }
  }
}
