package io.siprec.srs.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.ExternalTool.Run;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints the files under docker/ with the linters CI installs (.ci/run): ShellCheck from Debian for
 * the shell scripts, dclint for the compose file, dockerfilelint for the Dockerfile (both npm,
 * pinned in docker/lint/package.json, installed into target/docker-lint by docker/lint/install.sh).
 * There is no Docker engine to try the files with, so this and {@link DockerFilesTest} are what
 * keeps them right.
 *
 * <p>A linter that is not installed fails the test, saying how to install it: a check that silently
 * did not run would look like a pass. {@code -Dsrs.docker.lint.skip=true} skips these tests on
 * purpose. Each linter is also run over a file with a known finding
 * (src/test/resources/docker/lint-findings), so a linter that reports nothing at all, or a
 * configuration that switched everything off, fails too. A linter that hangs is killed after {@link
 * #LINT_BOUND} and fails its test, naming itself.
 */
class DockerLintTest {
  private static final Path PROJECT = Path.of("").toAbsolutePath();
  private static final Path DOCKER = PROJECT.resolve("docker");
  private static final Path FINDINGS = PROJECT.resolve("src/test/resources/docker/lint-findings");
  private static final Path NPM_BIN =
      Path.of(
          System.getProperty(
              "srs.docker.lint.bin",
              PROJECT.resolve("target/docker-lint/node_modules/.bin").toString()));

  /** Each linter takes a few seconds; npx-started ones up to about twenty on a busy machine. */
  static final Duration LINT_BOUND = Duration.ofSeconds(60);

  @Test
  void shellScriptsHaveNoShellCheckFindings() throws Exception {
    Run run =
        exec(
            shellcheck(),
            "--severity=style",
            DOCKER.resolve("entrypoint.sh").toString(),
            DOCKER.resolve("lint/install.sh").toString());
    assertThat(run.exit()).as("shellcheck findings:%n%s", run.output()).isZero();
  }

  @Test
  void shellCheckReportsAKnownFinding() throws Exception {
    Run run = exec(shellcheck(), "--severity=style", FINDINGS.resolve("unquoted.sh").toString());
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output()).contains("SC2086");
  }

  @Test
  void composeFileHasNoDclintFindings() throws Exception {
    Run run = dclint(DOCKER.resolve("compose.yaml"));
    assertThat(run.exit()).as("dclint findings:%n%s", run.output()).isZero();
    assertThat(run.output()).doesNotContain("warning", "error");
  }

  @Test
  void dclintReportsAKnownFinding() throws Exception {
    Run run = dclint(FINDINGS.resolve("compose.yaml"));
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output())
        .contains("service-image-require-explicit-tag", "require-quotes-in-ports");
  }

  @Test
  void dockerfileHasNoDockerfilelintFindings() throws Exception {
    Run run = dockerfilelint(DOCKER.resolve("Dockerfile"), DOCKER.resolve(".dockerfilelintrc"));
    assertThat(run.exit()).as("dockerfilelint findings:%n%s", run.output()).isZero();
    assertThat(run.output()).contains("\"totalIssues\":0");
  }

  @Test
  void dockerfilelintReportsAKnownFinding() throws Exception {
    // With our configuration, so turning a rule off here cannot switch off the ones we rely on.
    Run run = dockerfilelint(FINDINGS.resolve("Dockerfile"), DOCKER.resolve(".dockerfilelintrc"));
    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output())
        .contains("Base Image Latest Tag", "apt-get update with matching cache rm");
  }

  @Test
  void aLinterThatHangsIsKilledAndTheFailureNamesItAndTheBound(@TempDir Path dir) throws Exception {
    Path hung = dir.resolve("hung-linter");
    Files.writeString(hung, "#!/bin/sh\nsleep 600\n");
    assertThat(hung.toFile().setExecutable(true)).isTrue();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> exec(Duration.ofSeconds(2), hung.toString(), "--severity=style"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("hung-linter did not finish within 2 s");
    assertThat((System.nanoTime() - t0) / 1_000_000)
        .as("ms until the hung linter failed the test")
        .isLessThan(LINT_BOUND.toMillis());
  }

  private static Run dclint(Path file) throws Exception {
    return exec(
        npmTool("dclint"),
        "--config",
        DOCKER.resolve(".dclintrc").toString(),
        "--max-warnings",
        "0",
        "--no-color",
        file.toString());
  }

  private static Run dockerfilelint(Path file, Path config) throws Exception {
    return exec(
        npmTool("dockerfilelint"),
        "--config",
        config.getParent().toString(),
        "--json",
        file.toString());
  }

  private static String shellcheck() {
    skipIfAsked();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "shellcheck");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(
        "shellcheck is not on the PATH: apt-get install shellcheck (as .ci/run does), "
            + "or run with -Dsrs.docker.lint.skip=true to skip the docker/ lint tests");
  }

  private static String npmTool(String name) {
    skipIfAsked();
    Path tool = NPM_BIN.resolve(name);
    if (!Files.isExecutable(tool)) {
      throw new AssertionError(
          name
              + " is not installed in "
              + NPM_BIN
              + ": run docker/lint/install.sh (needs node "
              + "and npm; .ci/run does it), or run with -Dsrs.docker.lint.skip=true to skip the docker/ lint tests");
    }
    return tool.toString();
  }

  private static void skipIfAsked() {
    Assumptions.assumeFalse(
        Boolean.getBoolean("srs.docker.lint.skip"), "srs.docker.lint.skip=true");
  }

  private static Run exec(String... command) {
    return exec(LINT_BOUND, command);
  }

  /**
   * Runs a linter; one that hangs is killed with its children after {@code bound} and fails the
   * test.
   */
  private static Run exec(Duration bound, String... command) {
    return ExternalTool.run(new ProcessBuilder(command).directory(PROJECT.toFile()), bound);
  }
}
