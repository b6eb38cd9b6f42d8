package io.siprec.srs.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of JSON documents, for holding documented examples to what the code writes: every field
 * path ("session.streams[].participants[].aor"), maps keyed by data counted as one field.
 */
public final class JsonShapes {
  private JsonShapes() {}

  /**
   * @param dataKeyedMaps names of objects whose keys are data (ids, codes), shown as {@code name{}}
   */
  public static TreeSet<String> fieldPaths(String json, Set<String> dataKeyedMaps) {
    TreeSet<String> paths = new TreeSet<>();
    collect(Json.createReader(new StringReader(json)).readValue(), "", paths, dataKeyedMaps);
    return paths;
  }

  private static void collect(
      JsonValue v, String path, TreeSet<String> paths, Set<String> dataKeyedMaps) {
    if (v instanceof JsonObject o) {
      for (Map.Entry<String, JsonValue> e : o.entrySet()) {
        String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (dataKeyedMaps.contains(e.getKey())) {
          paths.add(p + "{}");
        } else {
          paths.add(p);
          collect(e.getValue(), p, paths, dataKeyedMaps);
        }
      }
    } else if (v instanceof JsonArray a) {
      for (JsonValue item : a) {
        collect(item, path + "[]", paths, dataKeyedMaps);
      }
    }
  }

  /** The JSON code block after each heading that matches {@code heading} (its group 1 names it). */
  public static Map<String, String> examplesUnder(String markdown, String heading) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile("(?m)^" + heading + ".*?```json\\n(.*?)```", Pattern.DOTALL)
            .matcher(markdown);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  public static String pretty(String json) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g =
        Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
            .createGenerator(out)) {
      g.write(Json.createReader(new StringReader(json)).readValue());
    }
    return out.toString().strip() + "\n";
  }
}
