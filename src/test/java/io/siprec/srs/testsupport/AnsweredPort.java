package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Where a SIPp scenario writes the port our answer gave leg 2 ({@code -set portfile}), so that the
 * test can stream that leg itself: SIPp streams RTP on one leg only.
 */
public final class AnsweredPort {
  private final Path file;

  private AnsweredPort(Path file) {
    this.file = file;
  }

  public static AnsweredPort create() {
    try {
      Path file = Files.createTempFile("leg2-port", ".txt");
      Files.delete(file); // SIPp creates it once it has the answer
      return new AnsweredPort(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path file() {
    return file;
  }

  /** Waits until SIPp has written the port. */
  public int await(Duration timeout) {
    return awaitAll(timeout)[0];
  }

  /** Waits until SIPp has written the ports (space-separated, one per answered line it names). */
  public int[] awaitAll(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        if (Files.exists(file)) {
          String text = Files.readString(file).trim();
          if (!text.isEmpty()) {
            return Arrays.stream(text.split("\\s+")).mapToInt(Integer::parseInt).toArray();
          }
        }
        Thread.sleep(10);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new AssertionError("SIPp never got an answer with a second m= line");
  }
}
