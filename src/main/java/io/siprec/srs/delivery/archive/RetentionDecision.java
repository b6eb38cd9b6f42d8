package io.siprec.srs.delivery.archive;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A session's retention as decided when it ended, kept in its folder as {@value #FILE}: a later
 * change of the policy does not change it (the file says which rule and when).
 *
 * @param rule the policy rule that matched, or {@code default}
 * @param period as the rule wrote it ({@code 90d}, {@code 30s}, {@code forever})
 * @param decidedAt when it was decided
 * @param expiresAt from when retention deletes the session; null: never
 */
record RetentionDecision(String rule, String period, Instant decidedAt, Instant expiresAt) {
  static final String FILE = "retention.json";

  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  void write(Path sessionDir) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = Json.createGeneratorFactory(Map.of()).createGenerator(out)) {
      g.writeStartObject();
      g.write("rule", rule);
      g.write("keep", period);
      g.write("decidedAt", decidedAt.toString());
      if (expiresAt == null) {
        g.writeNull("expiresAt");
      } else {
        g.write("expiresAt", expiresAt.toString());
      }
      g.writeEnd();
    }
    Files.writeString(sessionDir.resolve(FILE), out.toString(), StandardCharsets.UTF_8);
  }

  /**
   * @throws IOException when the file cannot be read or is not a decision: such a session is kept,
   *     never deleted on a guess
   */
  static RetentionDecision read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      JsonObject o = reader.readObject();
      JsonValue expires = o.get("expiresAt");
      return new RetentionDecision(
          o.getString("rule"),
          o.getString("keep"),
          Instant.parse(o.getString("decidedAt")),
          expires == null || expires.getValueType() == JsonValue.ValueType.NULL
              ? null
              : Instant.parse(o.getString("expiresAt")));
    } catch (JsonException | ClassCastException | NullPointerException | DateTimeParseException e) {
      throw new IOException(file + " is not a retention decision: " + e.getMessage(), e);
    }
  }
}
