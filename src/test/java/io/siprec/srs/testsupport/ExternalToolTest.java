package io.siprec.srs.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool that hangs fails the test in bounded time and leaves nothing running. */
class ExternalToolTest {
  @TempDir Path dir;

  @Test
  void aHungToolAndTheChildItStartedAreKilledAndTheFailureNamesToolAndBound() throws Exception {
    // The child holds the output open too: a reader waiting for the end of the stream would hang.
    Path pids = dir.resolve("pids");
    Path hung =
        script("hung-tool", "echo $$ > " + pids + "\nsleep 300 &\necho $! >> " + pids + "\nwait\n");

    long t0 = System.nanoTime();
    assertThatThrownBy(
            () -> ExternalTool.run(new ProcessBuilder(hung.toString()), Duration.ofSeconds(1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("hung-tool did not finish within 1 s");
    long tookMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(tookMs).as("ms from start to failure").isLessThan(8_000);
    List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
    assertThat(started).as("the script and its sleep").hasSize(2);
    for (long pid : started) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
          .as("process %d still alive", pid)
          .isFalse();
    }
  }

  @Test
  void aFinishedToolGivesItsExitCodeAndAllItsOutput() throws Exception {
    // More than a pipe holds (64 KiB), on both streams.
    Path chatty =
        script("chatty-tool", "head -c 200000 /dev/zero | tr '\\0' o\necho err >&2\nexit 3\n");
    ExternalTool.Run run =
        ExternalTool.run(new ProcessBuilder(chatty.toString()), Duration.ofSeconds(20));
    assertThat(run.exit()).isEqualTo(3);
    assertThat(run.output()).hasSize(200_000 + "err\n".length()).endsWith("oerr\n");
  }

  @Test
  void aMissingToolSaysWhatToInstall() {
    assertThatThrownBy(
            () ->
                ExternalTool.run(
                    new ProcessBuilder(dir.resolve("no-such-tool").toString()),
                    Duration.ofSeconds(5)))
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("cannot run no-such-tool");
    assertThat(
            ExternalTool.cannotStart(
                List.of("/nowhere/sipp"), new IOException("error=2, No such file")))
        .isEqualTo(
            "cannot run sipp (error=2, No such file): install it with apt-get install sip-tester (.ci/run does)");
  }

  private Path script(String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    assertThat(file.toFile().setExecutable(true)).isTrue();
    return file;
  }
}
