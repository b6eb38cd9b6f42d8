package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.consumer.EncryptedRecordingReader;
import io.siprec.srs.consumer.EncryptedRecordingSegments;
import io.siprec.srs.consumer.RecordingDecryptionException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's playback reads encrypted recordings by range ({@link EncryptedRecordingSegments}):
 * every range equals the bytes that were appended (the plaintext kept aside here, not read back
 * through our own reader), only the segments holding the range are decrypted, and a file altered
 * anywhere in a range fails instead of handing out its bytes.
 */
class SeekingDecryptionTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  private SecretKey kek;
  private EncryptedRecordingReader.KeyEncryptionKeys keys;

  /** Writes chunks of these sizes through the archive's writer; returns the plaintext. */
  private byte[] write(String name, boolean close, int... sizes) throws Exception {
    kek = EncryptedArchiveFileTest.aes256();
    keys = Map.of("kek-2026", kek)::get;
    ArchiveFile file = new ArchiveEncryption("kek-2026", kek, RANDOM).create(dir, name);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    for (int size : sizes) {
      byte[] b = new byte[size];
      RANDOM.nextBytes(b);
      file.append(ByteBuffer.wrap(b));
      plain.writeBytes(b);
    }
    if (close) {
      file.close();
    }
    return plain.toByteArray();
  }

  private static byte[] range(EncryptedRecordingSegments s, long from, long count)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.copy(from, count, out);
    return out.toByteArray();
  }

  @Test
  void everyRangeIsTheBytesAppendedThere() throws Exception {
    // 100 ms chunks of 16 kHz mono are 3200 bytes; an empty append and odd sizes as well.
    int[] sizes = {44, 3200, 3200, 0, 3200, 1, 3199, 3200, 70_000, 3200};
    byte[] plain = write("stream-1.wav", true, sizes);
    try (EncryptedRecordingSegments s =
        EncryptedRecordingSegments.open(dir.resolve("stream-1.wav.enc"), keys)) {
      assertThat(s.finished()).isTrue();
      assertThat(s.keyId()).isEqualTo("kek-2026");
      assertThat(s.plaintextLength()).isEqualTo(plain.length);
      assertThat(range(s, 0, plain.length)).isEqualTo(plain);
      Random r = new Random(19);
      for (int i = 0; i < 200; i++) {
        int from = r.nextInt(plain.length);
        int count = r.nextInt(plain.length - from + 1);
        assertThat(range(s, from, count))
            .as("bytes %d+%d", from, count)
            .isEqualTo(Arrays.copyOfRange(plain, from, from + count));
      }
    }
  }

  @Test
  void aRangeDecryptsOnlyTheSegmentsThatHoldIt() throws Exception {
    int[] sizes = new int[600]; // a minute of 100 ms chunks
    Arrays.fill(sizes, 3200);
    byte[] plain = write("stream-1.wav", true, sizes);
    try (EncryptedRecordingSegments s =
        EncryptedRecordingSegments.open(dir.resolve("stream-1.wav.enc"), keys)) {
      long opening = s.segmentsDecrypted();
      assertThat(opening).as("opening checks the final segment only").isEqualTo(1);
      // 6400 bytes starting mid-chunk 300 span chunks 300, 301 and 302.
      long from = 300L * 3200 + 1600;
      assertThat(range(s, from, 6400))
          .isEqualTo(Arrays.copyOfRange(plain, (int) from, (int) from + 6400));
      assertThat(s.segmentsDecrypted() - opening).isEqualTo(3);
    }
  }

  @Test
  void aFileStillBeingWrittenReadsUpToItsLastWholeSegment() throws Exception {
    byte[] plain = write("stream-1.wav", false, 44, 3200, 3200);
    Path file = dir.resolve("stream-1.wav.enc");
    // A segment being appended: its length field and part of its ciphertext are there.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap(new byte[] {0, 0, 12, (byte) 128, 1, 2, 3}));
    }
    try (EncryptedRecordingSegments s = EncryptedRecordingSegments.open(file, keys)) {
      assertThat(s.finished()).isFalse();
      assertThat(s.plaintextLength()).isEqualTo(plain.length);
      assertThat(range(s, 100, plain.length - 100))
          .isEqualTo(Arrays.copyOfRange(plain, 100, plain.length));
    }
  }

  @Test
  void anAlteredSegmentFailsWhereItIsReadAndGivesNoneOfItsBytes() throws Exception {
    byte[] plain = write("stream-1.wav", true, 44, 3200, 3200, 3200);
    Path file = dir.resolve("stream-1.wav.enc");
    byte[] stored = Files.readAllBytes(file);
    int header = stored.length - (4 * 20 + plain.length) - 20; // 4 segments + the final one
    // One bit of the third segment's ciphertext (plaintext 3244 to 6443).
    int third = header + (4 + 44 + 16) + (4 + 3200 + 16) + 4 + 10;
    stored[third] ^= 0x01;
    Files.write(file, stored);
    try (EncryptedRecordingSegments s = EncryptedRecordingSegments.open(file, keys)) {
      assertThat(range(s, 0, 3244))
          .as("the segments before it")
          .isEqualTo(Arrays.copyOf(plain, 3244));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThatThrownBy(() -> s.copy(3300, 100, out))
          .isInstanceOf(RecordingDecryptionException.class)
          .hasMessageContaining("segment 2")
          .hasMessageContaining("does not authenticate");
      assertThat(out.size()).as("nothing of the altered segment").isZero();
    }
  }

  @Test
  void aSwappedPairOfSegmentsOrAWrongKeyFails() throws Exception {
    write("mix.wav", true, 100, 100);
    Path file = dir.resolve("mix.wav.enc");
    byte[] stored = Files.readAllBytes(file);
    int first = stored.length - 2 * (4 + 100 + 16) - 20;
    byte[] swapped = stored.clone();
    System.arraycopy(stored, first + 120, swapped, first, 120);
    System.arraycopy(stored, first, swapped, first + 120, 120);
    Files.write(file, swapped);
    try (EncryptedRecordingSegments s = EncryptedRecordingSegments.open(file, keys)) {
      assertThatThrownBy(() -> s.copy(0, 1, new ByteArrayOutputStream()))
          .isInstanceOf(RecordingDecryptionException.class)
          .hasMessageContaining("segment 0");
    }
    SecretKey other = EncryptedArchiveFileTest.aes256();
    assertThatThrownBy(() -> EncryptedRecordingSegments.open(file, Map.of("kek-2026", other)::get))
        .isInstanceOf(RecordingDecryptionException.class)
        .hasMessageContaining("does not unwrap");
    assertThatThrownBy(() -> EncryptedRecordingSegments.open(file, id -> null))
        .isInstanceOf(RecordingDecryptionException.class)
        .hasMessageContaining("which the keystore does not hold");
  }
}
