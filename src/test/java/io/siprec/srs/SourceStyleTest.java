package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What google-java-format (checked by Spotless in {@code mvn verify}) leaves to us: types are
 * imported, not named in full inline, unless the simple name is taken in that file (by an import of
 * another type, or a type of its own).
 */
class SourceStyleTest {
  private static final List<Path> SOURCES =
      List.of(Path.of("src/main/java"), Path.of("src/test/java"), Path.of("src/bench/java"));
  private static final Pattern QUALIFIED =
      Pattern.compile(
          "(?<![\\w.@])((?:java|javax|jakarta|org|com|io|gov|net|sun|jdk)(?:\\.[a-z][a-z0-9_]*)+)\\.([A-Z]\\w*)");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import\\s+(?!static)([\\w.]+)\\.(\\w+);");
  private static final Pattern DECLARED =
      Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");

  @Test
  void typesAreImportedNotQualifiedInline() throws IOException {
    List<String> found = new ArrayList<>();
    int files = 0;
    for (Path root : SOURCES) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
          files++;
          found.addAll(inlineQualifiedNames(file));
        }
      }
    }
    assertThat(files).as("source files read").isGreaterThan(100);
    assertThat(found).as("inline fully qualified type names (import them)").isEmpty();
  }

  @Test
  void theCheckSeesAQualifiedNameInCodeButNotInCommentsOrStrings() {
    String code =
        "package a.b;\nimport java.util.List;\n// java.util.Map in a comment\n"
            + "class X { String s = \"org.example.Thing\"; java.util.Set<String> set; }\n";
    assertThat(inlineQualifiedNames(Path.of("X.java"), code))
        .containsExactly("X.java: java.util.Set");
  }

  private static List<String> inlineQualifiedNames(Path file) {
    try {
      return inlineQualifiedNames(file, Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> inlineQualifiedNames(Path file, String source) {
    String code = withoutCommentsAndLiterals(source);
    Set<String> taken = new HashSet<>();
    Matcher imported = IMPORT.matcher(code);
    while (imported.find()) {
      taken.add(imported.group(2));
    }
    Matcher declared = DECLARED.matcher(code);
    while (declared.find()) {
      taken.add(declared.group(1));
    }
    List<String> found = new ArrayList<>();
    for (String line : code.split("\n")) {
      if (line.startsWith("import ") || line.startsWith("package ")) {
        continue;
      }
      Matcher m = QUALIFIED.matcher(line);
      while (m.find()) {
        String name = m.group(2);
        String owner = importedFrom(code, name);
        if (owner == null ? !taken.contains(name) : owner.equals(m.group(1))) {
          found.add(file + ": " + m.group(1) + "." + name);
        }
      }
    }
    return found;
  }

  /** The package a simple name is imported from in this file, or null. */
  private static String importedFrom(String code, String name) {
    Matcher imported = IMPORT.matcher(code);
    while (imported.find()) {
      if (imported.group(2).equals(name)) {
        return imported.group(1);
      }
    }
    return null;
  }

  /** The source with comments and string and character literals blanked, lines kept. */
  static String withoutCommentsAndLiterals(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (s.startsWith("//", i)) {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        i = end;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        end = end < 0 ? s.length() : end + 3;
        s.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        out.append("\"\"");
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = j + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
