package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package says what it is for, in its own {@code package-info.java} and in the README's
 * code-layout table, so a newcomer finds each one from either side.
 */
class PackageLayoutTest {
  private static final Path MAIN = Path.of("src/main/java");

  @Test
  void everyPackageHasAPackageInfoAndARowInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String layout = readme.substring(readme.indexOf("## Code layout"));
    List<Path> packages = packages();
    assertThat(packages).as("packages found").hasSizeGreaterThan(10);
    for (Path dir : packages) {
      assertThat(dir.resolve("package-info.java")).as("package-info for %s", dir).exists();
      assertThat(layout)
          .as("README code layout row for %s", dir)
          .contains("`" + readmeName(dir) + "`");
    }
  }

  /** Directories under src/main/java that hold Java classes. */
  private static List<Path> packages() throws IOException {
    try (Stream<Path> walk = Files.walk(MAIN)) {
      return walk.filter(Files::isDirectory).filter(PackageLayoutTest::holdsClasses).toList();
    }
  }

  private static boolean holdsClasses(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(
          f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How the README names a package: relative to io/siprec/srs for ours; a shim in another namespace
   * by its first two and last segments ({@code org/jitsi/.../g729}).
   */
  private static String readmeName(Path dir) {
    Path ours = MAIN.resolve("io/siprec/srs");
    if (dir.startsWith(ours)) {
      return ours.relativize(dir).toString().replace('\\', '/');
    }
    Path rel = MAIN.relativize(dir);
    return rel.getName(0) + "/" + rel.getName(1) + "/.../" + rel.getFileName();
  }
}
