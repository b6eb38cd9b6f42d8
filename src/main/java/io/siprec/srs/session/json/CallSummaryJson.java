package io.siprec.srs.session.json;

import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.RecordingSessionId;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link CallSummary} as JSON: a line of the search API's answer, and the archive's per-session
 * index file (docs/admin.md, "Find a call").
 */
public final class CallSummaryJson {
  private CallSummaryJson() {}

  /** Writes the summary's members into the object the generator is in. */
  public static void write(JsonGenerator g, CallSummary c) {
    g.write("id", c.id().value());
    g.write("state", c.state().name().toLowerCase(Locale.ROOT));
    g.write("callId", c.callId());
    g.write("srcAddress", c.srcAddress());
    g.write("srcVendor", c.srcVendor());
    g.write("startedAt", c.startedAt().toString());
    if (c.endedAt() == null) {
      g.writeNull("endedAt");
    } else {
      g.write("endedAt", c.endedAt().toString());
    }
    g.write("durationMs", c.duration().toMillis());
    if (c.endReason() == null) {
      g.writeNull("endReason");
    } else {
      g.write("endReason", c.endReason().name());
    }
    g.writeStartArray("participants");
    for (CallSummary.Party p : c.participants()) {
      g.writeStartObject();
      g.write("aor", p.aor());
      g.write("name", p.name());
      g.writeEnd();
    }
    g.writeEnd();
    g.writeStartObject("callIds");
    c.callIds().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> g.write(e.getKey(), e.getValue()));
    g.writeEnd();
    g.write("completeness", Math.round(c.completeness() * 10000) / 10000.0);
    g.writeStartArray("problems");
    c.problems().stream().sorted().forEach(g::write);
    g.writeEnd();
    g.write("day", c.day());
  }

  /** The summary as one JSON object on one line. */
  public static String line(CallSummary c) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = Json.createGenerator(out)) {
      g.writeStartObject();
      write(g, c);
      g.writeEnd();
    }
    return out.toString();
  }

  /**
   * Reads what {@link #line} wrote.
   *
   * @throws IllegalArgumentException saying which member is missing or wrong
   */
  public static CallSummary read(String json) {
    JsonObject o;
    try (JsonReader r = Json.createReader(new StringReader(json))) {
      o = r.readObject();
    } catch (JsonException | IllegalStateException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
    }
    try {
      List<CallSummary.Party> parties = new ArrayList<>();
      for (JsonValue v : array(o, "participants")) {
        JsonObject p = v.asJsonObject();
        parties.add(new CallSummary.Party(p.getString("aor", ""), p.getString("name", "")));
      }
      Map<String, String> ids = new LinkedHashMap<>();
      JsonObject callIds = o.getJsonObject("callIds");
      if (callIds != null) {
        callIds.forEach((k, v) -> ids.put(k, ((JsonString) v).getString()));
      }
      Set<String> problems = new LinkedHashSet<>();
      for (JsonValue v : array(o, "problems")) {
        problems.add(((JsonString) v).getString());
      }
      return new CallSummary(
          new RecordingSessionId(required(o, "id")),
          CallSummary.State.valueOf(required(o, "state").toUpperCase(Locale.ROOT)),
          o.getString("callId", ""),
          o.getString("srcAddress", ""),
          o.getString("srcVendor", ""),
          Instant.parse(required(o, "startedAt")),
          o.isNull("endedAt") ? null : Instant.parse(o.getString("endedAt")),
          Duration.ofMillis(number(o, "durationMs").longValueExact()),
          o.isNull("endReason") ? null : EndReason.valueOf(o.getString("endReason")),
          parties,
          ids,
          number(o, "completeness").doubleValue(),
          problems,
          o.getString("day", ""));
    } catch (ClassCastException
        | NullPointerException
        | ArithmeticException
        | DateTimeParseException e) {
      throw new IllegalArgumentException("not a call summary: " + e, e);
    }
  }

  private static String required(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (!(v instanceof JsonString s)) {
      throw new IllegalArgumentException("not a call summary: no string \"" + name + "\"");
    }
    return s.getString();
  }

  private static JsonNumber number(JsonObject o, String name) {
    JsonValue v = o.get(name);
    if (!(v instanceof JsonNumber n)) {
      throw new IllegalArgumentException("not a call summary: no number \"" + name + "\"");
    }
    return n;
  }

  private static List<JsonValue> array(JsonObject o, String name) {
    JsonValue v = o.get(name);
    return v == null || v == JsonValue.NULL ? List.of() : v.asJsonArray();
  }
}
