package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreeSpaceWatchTest {
  private static final long MB = 1024 * 1024;
  @TempDir Path dir;

  /** Free space as a test sets it; negative: the file system cannot be read. */
  private final AtomicLong free = new AtomicLong(100 * MB);

  private FreeSpaceWatch watch(long minFreeBytes) {
    return new FreeSpaceWatch(
        dir,
        minFreeBytes,
        root -> {
          if (free.get() < 0) {
            throw new IOException("file system gone");
          }
          return free.get();
        });
  }

  @Test
  void theSpaceIsLowBelowTheMinimumAndNoLongerOnceFreedAgain() {
    FreeSpaceWatch watch = watch(50 * MB);
    assertThat(watch.usableBytes()).as("before a reading").isEqualTo(-1);
    watch.check();
    assertThat(watch.isLow()).isFalse();
    assertThat(watch.usableBytes()).isEqualTo(100 * MB);

    free.set(50 * MB - 1);
    watch.check();
    assertThat(watch.isLow()).isTrue();

    free.set(50 * MB);
    watch.check();
    assertThat(watch.isLow()).isFalse();
  }

  @Test
  void aMinimumOfZeroNeverRaisesTheAlarm() {
    free.set(0);
    FreeSpaceWatch watch = watch(0);
    watch.check();
    assertThat(watch.isLow()).isFalse();
    assertThat(watch.usableBytes()).isZero();
  }

  @Test
  void aReadingThatFailsKeepsTheLastOne() {
    FreeSpaceWatch watch = watch(50 * MB);
    free.set(10 * MB);
    watch.check();
    free.set(-1);
    watch.check();
    assertThat(watch.isLow()).isTrue();
    assertThat(watch.usableBytes()).isEqualTo(10 * MB);
  }

  @Test
  void startingReadsTheRealFileSystemAtOnce() throws IOException {
    long freeMb = Files.getFileStore(dir).getUsableSpace() / MB;
    FreeSpaceWatch full = new FreeSpaceWatch(dir, (freeMb + 1024) * MB);
    full.start();
    try {
      assertThat(full.isLow()).isTrue();
      assertThat(full.usableBytes()).isPositive();
    } finally {
      full.stop();
    }
  }
}
