package io.siprec.srs.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.ExternalTool.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How docker/entrypoint.sh maps its variables to the server's settings, against a stand-in {@code
 * java} that prints what it was given (DockerEntrypointIT runs it with the real server).
 */
class DockerEntrypointTest {
  private static final Path ENTRYPOINT = Path.of("docker/entrypoint.sh").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void bindAndAdvertisedAddressesBecomeTheSettingsUnlessASettingIsGiven() throws Exception {
    Run run =
        run(
            Map.of(
                "SRS_BIND_ADDRESS",
                "192.0.2.7",
                "SRS_ADVERTISED_ADDRESS",
                "203.0.113.9",
                "SRS_ADMIN_ADDRESS",
                "127.0.0.1",
                "SRS_MEDIA_PUBLIC_ADDRESS",
                "198.51.100.3"),
            "--an-argument");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output().lines())
        .contains(
            "SRS_SIP_ADDRESS=192.0.2.7",
            "SRS_MEDIA_ADDRESS=192.0.2.7",
            "SRS_BROKER_ADDRESS=192.0.2.7",
            "SRS_ADMIN_ADDRESS=127.0.0.1",
            "SRS_SIP_PUBLIC_ADDRESS=203.0.113.9",
            "SRS_MEDIA_PUBLIC_ADDRESS=198.51.100.3",
            "SRS_CONFIG_DIR=" + dir.resolve("home/server-config"),
            "SRS_RUNTIME_DIR=" + dir.resolve("runtime"),
            "cwd=" + dir.resolve("runtime"),
            "arg=-jar",
            "arg=" + dir.resolve("home/srs-server.jar"),
            "arg=--an-argument");
  }

  @Test
  void withoutAnAdvertisedAddressNoPublicAddressIsSet() throws Exception {
    Run run = run(Map.of("SRS_BIND_ADDRESS", "192.0.2.7"));
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output()).doesNotContain("PUBLIC_ADDRESS");
  }

  @Test
  void withoutABindAddressTheHostNamesAddressIsUsedOrTheStartRefused() throws Exception {
    Run run = run(Map.of());
    if (run.exit() == 0) {
      assertThat(run.output()).containsPattern("(?m)^SRS_SIP_ADDRESS=\\d+\\.\\d+\\.\\d+\\.\\d+$");
    } else {
      assertThat(run.exit()).isEqualTo(64);
      assertThat(run.output()).contains("set SRS_BIND_ADDRESS").doesNotContain("arg=");
    }
  }

  @Test
  void aMissingDistributionIsRefusedBeforeJavaStarts() throws Exception {
    Files.delete(dir.resolve("home/srs-server.jar"));
    Run run = run(Map.of("SRS_BIND_ADDRESS", "192.0.2.7"));
    assertThat(run.exit()).isEqualTo(64);
    assertThat(run.output())
        .contains("srs-server.jar; SRS_HOME must name the server distribution")
        .doesNotContain("arg=");
  }

  /**
   * A distribution with an empty srs-server.jar, and a java that prints its settings, directory and
   * arguments.
   */
  @BeforeEach
  void layOutADistributionAndAStandInJava() throws IOException {
    Files.createDirectories(dir.resolve("home"));
    Files.createFile(dir.resolve("home/srs-server.jar"));
    Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\nenv | grep '^SRS_' | sort\necho \"cwd=$(pwd)\"\n"
            + "for a in \"$@\"; do echo \"arg=$a\"; done\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Run run(Map<String, String> variables, String... args) {
    Path home = dir.resolve("home");
    List<String> command = new ArrayList<>(List.of(ENTRYPOINT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("SRS_"));
    pb.environment().put("SRS_HOME", home.toString());
    pb.environment().put("SRS_RUNTIME_DIR", dir.resolve("runtime").toString());
    pb.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    pb.environment().putAll(variables);
    return ExternalTool.run(pb, Duration.ofSeconds(20));
  }
}
