package io.siprec.srs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point inward, read from the sources' import lines: the composition root knows
 * everyone and nobody imports it back; the session core holds no SIP, servlet, JMS or socket types;
 * the adapters do not reach into each other.
 */
class DependencyDirectionTest {
  private static final Path MAIN = Path.of("src/main/java/io/siprec/srs");

  /** A source file and one of its import lines. */
  private record Import(String fromPackage, Path file, String imported) {}

  @Test
  void nothingButTheCompositionRootImportsIt() {
    assertThat(
            imports().stream()
                .filter(i -> !i.fromPackage().equals("app"))
                .filter(i -> i.imported().startsWith("io.siprec.srs.app.")))
        .as("imports of io.siprec.srs.app outside it")
        .isEmpty();
  }

  @Test
  void theSessionCoreHoldsNoContainerMessagingOrSocketTypes() {
    List<String> forbidden =
        List.of(
            "io.siprec.srs.",
            "javax.servlet",
            "javax.sip",
            "jakarta.jms",
            "org.apache.",
            "java.net.Socket",
            "java.net.DatagramSocket",
            "java.nio.channels");
    assertThat(
            imports().stream()
                .filter(i -> i.fromPackage().equals("session"))
                .filter(
                    i ->
                        forbidden.stream().anyMatch(f -> i.imported().startsWith(f))
                            && !i.imported().startsWith("io.siprec.srs.session.")))
        .as("what the session core imports beyond itself, the JDK and CDI")
        .isEmpty();
  }

  @Test
  void theMetadataModelDependsOnNothingOfOursAndTheCoreNotOnTheClusterProtocol() {
    assertThat(
            imports().stream()
                .filter(i -> i.fromPackage().equals("session.metadata"))
                .filter(i -> i.imported().startsWith("io.siprec.srs.")))
        .as("what the metadata model imports of ours")
        .isEmpty();
    assertThat(
            imports().stream()
                .filter(i -> i.fromPackage().equals("session"))
                .filter(i -> i.imported().startsWith("io.siprec.srs.session.cluster.")))
        .as("the session core importing the cluster protocol")
        .isEmpty();
  }

  @Test
  void theAdaptersDoNotReachIntoEachOther() {
    assertThat(
            importsOf(
                "pipeline",
                "io.siprec.srs.media",
                "io.siprec.srs.delivery",
                "io.siprec.srs.sip",
                "io.siprec.srs.admin"))
        .as("pipeline")
        .isEmpty();
    assertThat(
            importsOf(
                "delivery/archive",
                "io.siprec.srs.pipeline",
                "io.siprec.srs.media",
                "io.siprec.srs.sip"))
        .as("archive")
        .isEmpty();
    assertThat(
            importsOf(
                "media", "io.siprec.srs.sip", "io.siprec.srs.delivery", "io.siprec.srs.admin"))
        .as("media")
        .isEmpty();
    assertThat(
            importsOf(
                "sip", "io.siprec.srs.media", "io.siprec.srs.delivery", "io.siprec.srs.admin"))
        .as("sip")
        .isEmpty();
  }

  /**
   * The console, the JSON API, /health and /metrics read the session core's figure ports ({@code
   * MediaFigures}, {@code ArchiveFigures}, ...), which the composition root gives their adapters.
   */
  @Test
  void theAdminConsoleReadsPortsNotAdapters() {
    assertThat(
            importsOf(
                "admin", "io.siprec.srs.delivery", "io.siprec.srs.media", "io.siprec.srs.sip"))
        .as("admin")
        .isEmpty();
  }

  @Test
  void theRecordingUseCasesAndOfferAnswerHoldNoContainerTypes() {
    assertThat(
            importsOf(
                "recording",
                "javax.servlet",
                "javax.sip",
                "io.siprec.srs.sip",
                "io.siprec.srs.media",
                "io.siprec.srs.delivery",
                "io.siprec.srs.admin",
                "io.siprec.srs.pipeline"))
        .as("recording")
        .isEmpty();
    assertThat(
            importsOf(
                "offer",
                "javax.servlet",
                "javax.sip",
                "io.siprec.srs.sip",
                "io.siprec.srs.recording",
                "io.siprec.srs.media",
                "io.siprec.srs.delivery",
                "io.siprec.srs.admin"))
        .as("offer")
        .isEmpty();
  }

  /**
   * The consumer kit (target/srs-consumer: the feed, the example consumer, the archive's verify
   * command) ships without the server: it may import nothing of ours but itself.
   */
  @Test
  void theConsumerKitImportsNothingOfTheServer() {
    assertThat(
            imports().stream()
                .filter(i -> i.fromPackage().equals("consumer"))
                .filter(i -> i.imported().startsWith("io.siprec.srs."))
                .filter(i -> !i.imported().startsWith("io.siprec.srs.consumer.")))
        .as("server classes imported by the consumer kit")
        .isEmpty();
  }

  private static List<Import> importsOf(String packagePath, String... forbidden) {
    String pkg = packagePath.replace('/', '.');
    return imports().stream()
        .filter(i -> i.fromPackage().equals(pkg) || i.fromPackage().startsWith(pkg + "."))
        .filter(i -> Stream.of(forbidden).anyMatch(f -> i.imported().startsWith(f)))
        .toList();
  }

  private static List<Import> imports() {
    List<Import> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String pkg = MAIN.relativize(file.getParent()).toString().replace('/', '.');
        for (String line : Files.readAllLines(file)) {
          if (line.startsWith("import ")) {
            out.add(
                new Import(
                    pkg, file, line.substring(7).replace("static ", "").replace(";", "").trim()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(out).as("imports read").hasSizeGreaterThan(500);
    return out;
  }
}
