package io.siprec.srs.testsupport;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test vectors kept as {@code name = hex} lines (spaces in the hex ignored, {@code #} comments).
 */
public final class HexVectors {
  private HexVectors() {}

  public static Map<String, byte[]> read(String resource) {
    Map<String, byte[]> vectors = new LinkedHashMap<>();
    for (String line : Fixtures.text(resource).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      String hex = line.substring(eq + 1).replace(" ", "").strip();
      vectors.put(line.substring(0, eq).strip(), HexFormat.of().parseHex(hex));
    }
    return vectors;
  }
}
