package io.siprec.srs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * server-config/srs.properties is the operator's reference: every setting the code reads is there,
 * once, commented out with its real default and a comment above it; nothing else is.
 */
class ServerConfigReferenceTest {
  private static final Pattern ENTRY = Pattern.compile("^#(srs\\.[a-z0-9.-]+)=(.*)$");

  @Test
  void everySettingIsListedWithItsDefaultAndAnExplanation() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("server-config/srs.properties"));
    Map<String, String> listed = new TreeMap<>();
    List<String> unexplained = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = ENTRY.matcher(lines.get(i));
      if (m.matches()) {
        assertThat(listed.put(m.group(1), m.group(2))).as("%s listed twice", m.group(1)).isNull();
        if (i == 0 || !lines.get(i - 1).startsWith("# ")) {
          unexplained.add(m.group(1));
        }
      }
    }
    Map<String, String> defaults = new TreeMap<>();
    Arrays.stream(Setting.values()).forEach(s -> defaults.put(s.key(), s.defaultValue()));
    assertThat(listed).isEqualTo(defaults);
    assertThat(unexplained).as("settings without a comment line above them").isEmpty();
  }
}
