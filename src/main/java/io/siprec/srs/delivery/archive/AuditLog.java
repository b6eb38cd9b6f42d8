package io.siprec.srs.delivery.archive;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code <archive>/audit.jsonl}: what was deleted (by retention or erasure), held and released, by
 * whom and why, one JSON object a line. Only ever appended to, and forced to the disk before the
 * deletion it records is reported done. It never holds an erased participant's address, only its
 * SHA-256: the log must not keep what the erasure removed.
 */
final class AuditLog {
  static final String FILE = "audit.jsonl";
  static final String RETENTION = "retention";
  static final String ERASURE = "erasure";

  private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

  private final Path file;
  private final Clock clock;

  AuditLog(Path root, Clock clock) {
    this.file = root.resolve(FILE);
    this.clock = clock;
  }

  Path file() {
    return file;
  }

  /**
   * A session deleted.
   *
   * @param reason {@value #RETENTION} or {@value #ERASURE}
   * @param by the user who asked, or {@value #RETENTION}
   * @param request the request's reference (for retention: {@code rule:<name>})
   * @param aorSha256 for an erasure, the SHA-256 (hex) of the address it erased; else null
   */
  void deleted(
      String session,
      String day,
      String reason,
      String by,
      String request,
      List<String> files,
      String aorSha256)
      throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = GENERATORS.createGenerator(out)) {
      g.writeStartObject();
      g.write("time", clock.instant().toString());
      g.write("action", "deleted");
      g.write("session", session);
      g.write("day", day);
      g.write("reason", reason);
      g.write("by", by);
      g.write("request", request);
      g.writeStartArray("files");
      files.forEach(g::write);
      g.writeEnd();
      if (aorSha256 != null) {
        g.write("aorSha256", aorSha256);
      }
      g.writeEnd();
    }
    append(out.toString());
  }

  /**
   * A legal hold put on or released.
   *
   * @param action {@code hold} or {@code release}
   */
  void hold(String action, String session, String day, String by, String why) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = GENERATORS.createGenerator(out)) {
      g.writeStartObject();
      g.write("time", clock.instant().toString());
      g.write("action", action);
      g.write("session", session);
      g.write("day", day);
      g.write("by", by);
      g.write("why", why);
      g.writeEnd();
    }
    append(out.toString());
  }

  private synchronized void append(String json) throws IOException {
    ByteBuffer line = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
    try (FileChannel out =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      while (line.hasRemaining()) {
        out.write(line);
      }
      out.force(true);
    }
  }
}
