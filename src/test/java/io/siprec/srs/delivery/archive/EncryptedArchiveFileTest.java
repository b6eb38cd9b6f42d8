package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.consumer.EncryptedRecordingFormat;
import io.siprec.srs.consumer.EncryptedRecordingReader;
import io.siprec.srs.consumer.RecordingDecryptionException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encrypted file format, written by the server's {@link EncryptedArchiveFile} and read by the
 * consumer kit's {@link EncryptedRecordingReader}: what a reader must refuse (wrong key, altered
 * header or segment, segments swapped or dropped, bytes appended) and what it must still give
 * (every segment before a missing final one). {@code IndependentDecryptionTest} holds the writer to
 * a reader we did not write.
 */
class EncryptedArchiveFileTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  @TempDir Path dir;

  static SecretKey aes256() throws Exception {
    KeyGenerator g = KeyGenerator.getInstance("AES");
    g.init(256);
    return g.generateKey();
  }

  /** Random chunks of these sizes, each one append: one segment each (beyond 1 MiB, more). */
  private static List<byte[]> chunks(int... sizes) {
    List<byte[]> out = new ArrayList<>();
    for (int size : sizes) {
      byte[] b = new byte[size];
      RANDOM.nextBytes(b);
      out.add(b);
    }
    return out;
  }

  private Path write(String name, String keyId, SecretKey kek, List<byte[]> chunks, boolean close)
      throws Exception {
    Path path = dir.resolve(name);
    EncryptedArchiveFile file = EncryptedArchiveFile.create(path, keyId, kek, RANDOM);
    for (byte[] c : chunks) {
      file.append(ByteBuffer.wrap(c));
    }
    if (close) {
      file.close();
    }
    return path;
  }

  private static byte[] concat(List<byte[]> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static EncryptedRecordingReader.Outcome read(
      Path file, Map<String, SecretKey> keys, ByteArrayOutputStream out) throws Exception {
    return EncryptedRecordingReader.decrypt(file, keys::get, out);
  }

  /** Where each segment starts, from the header length and the segments' length fields. */
  private static List<Integer> segmentOffsets(byte[] file) {
    int at = EncryptedRecordingFormat.MAGIC.length() + 2 + (file[8] & 0xff) + 40 + 7;
    List<Integer> offsets = new ArrayList<>();
    while (at < file.length) {
      offsets.add(at);
      at += 4 + ByteBuffer.wrap(file, at, 4).getInt() + 16;
    }
    return offsets;
  }

  @Test
  void aFileDecryptsToWhatWasWrittenSegmentBySegment() throws Exception {
    SecretKey kek = aes256();
    List<byte[]> chunks = chunks(44, 3200, 1, 0, 6400, (1 << 20) + 5);
    Path path = write("s.wav.enc", "kek-2026", kek, chunks, true);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EncryptedRecordingReader.Outcome outcome = read(path, Map.of("kek-2026", kek), out);

    assertThat(out.toByteArray()).isEqualTo(concat(chunks));
    assertThat(outcome.finished()).isTrue();
    assertThat(outcome.keyId()).isEqualTo("kek-2026");
    // One segment per non-empty append, the one beyond 1 MiB split in two, and the final one.
    assertThat(outcome.segments()).isEqualTo(4 + 2 + 1);
    byte[] raw = Files.readAllBytes(path);
    assertThat(new String(raw, 0, 7, StandardCharsets.US_ASCII)).isEqualTo("SRS-ENC");
    assertThat(Files.size(path))
        .isEqualTo(7 + 2 + 8 + 40 + 7 + concat(chunks).length + 7L * (4 + 16));
  }

  @Test
  void twoFilesOfTheSameContentShareNoCiphertext() throws Exception {
    SecretKey kek = aes256();
    List<byte[]> chunks = chunks(4000);
    byte[] a = Files.readAllBytes(write("a.enc", "k", kek, chunks, true));
    byte[] b = Files.readAllBytes(write("b.enc", "k", kek, chunks, true));
    int header = 7 + 2 + 1;
    // Fresh data key and nonce prefix per file.
    assertThat(Arrays.copyOfRange(a, header, header + 47))
        .isNotEqualTo(Arrays.copyOfRange(b, header, header + 47));
    assertThat(Arrays.copyOfRange(a, header + 51, header + 51 + 4000))
        .isNotEqualTo(Arrays.copyOfRange(b, header + 51, header + 51 + 4000));
  }

  @Test
  void anEncryptedFileNeverReplacesOneOfTheSameName() throws Exception {
    SecretKey kek = aes256();
    ArchiveEncryption encryption = new ArchiveEncryption("k", kek, RANDOM);
    ArchiveFile first = encryption.create(dir, "events.jsonl");
    first.append(ByteBuffer.wrap(new byte[] {1}));
    first.close();
    byte[] before = Files.readAllBytes(first.path());
    // The same session's folder opened again (an event after its end): a second file, not a wipe.
    try (ArchiveFile second = encryption.appendTo(dir, "events.jsonl")) {
      assertThat(second.path()).isEqualTo(dir.resolve("events.jsonl.2.enc"));
      assertThat(second.rewritable()).isFalse();
    }
    assertThat(Files.readAllBytes(dir.resolve("events.jsonl.enc"))).isEqualTo(before);
  }

  @Test
  void aFileNotClosedIsNotFinishedButEverythingWrittenDecrypts() throws Exception {
    SecretKey kek = aes256();
    List<byte[]> chunks = chunks(3200, 3200, 3200);
    Path path = write("killed.enc", "k", kek, chunks, false);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EncryptedRecordingReader.Outcome outcome = read(path, Map.of("k", kek), out);

    assertThat(outcome.finished()).isFalse();
    assertThat(outcome.segments()).isEqualTo(3);
    assertThat(outcome.cutOffBytes()).isZero();
    assertThat(out.toByteArray()).isEqualTo(concat(chunks));
  }

  @Test
  void aFinalSegmentCutShortLeavesAnUnfinishedFileWithEverythingBeforeIt() throws Exception {
    SecretKey kek = aes256();
    List<byte[]> chunks = chunks(3200, 3200);
    Path path = write("cut.enc", "k", kek, chunks, false);
    // A third segment cut short by the kill: its length field and half its ciphertext.
    byte[] whole = Files.readAllBytes(write("whole.enc", "k", kek, chunks(10), true));
    byte[] raw = Files.readAllBytes(path);
    byte[] cut = Arrays.copyOf(raw, raw.length + 12);
    System.arraycopy(whole, segmentOffsets(whole).get(0), cut, raw.length, 12);
    Files.write(path, cut);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EncryptedRecordingReader.Outcome outcome = read(path, Map.of("k", kek), out);

    assertThat(outcome.finished()).isFalse();
    assertThat(outcome.segments()).isEqualTo(2);
    assertThat(outcome.cutOffBytes()).isEqualTo(12);
    assertThat(out.toByteArray()).isEqualTo(concat(chunks));

    // A finished file whose final segment was cut off is no longer finished either.
    Path closed = write("closed.enc", "k", kek, chunks, true);
    byte[] c = Files.readAllBytes(closed);
    Files.write(closed, Arrays.copyOf(c, c.length - 5));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    assertThat(read(closed, Map.of("k", kek), again).finished()).isFalse();
    assertThat(again.toByteArray()).isEqualTo(concat(chunks));
  }

  @Test
  void aWrongKeyUnderTheSameIdIsRefusedInTheHeader() throws Exception {
    Path path = write("s.enc", "k", aes256(), chunks(100), true);
    assertThatThrownBy(() -> read(path, Map.of("k", aes256()), new ByteArrayOutputStream()))
        .isInstanceOf(RecordingDecryptionException.class)
        .hasMessageContaining(
            "s.enc: header: the data key does not unwrap with the keystore's key 'k'")
        .satisfies(
            e ->
                assertThat(((RecordingDecryptionException) e).segment())
                    .isEqualTo(RecordingDecryptionException.HEADER));
  }

  @Test
  void anUnknownKeyIdIsNamed() throws Exception {
    Path path = write("s.enc", "kek-2025", aes256(), chunks(100), true);
    assertThatThrownBy(() -> read(path, Map.of("kek-2026", aes256()), new ByteArrayOutputStream()))
        .isInstanceOf(RecordingDecryptionException.class)
        .hasMessageContaining("key id 'kek-2025', which the keystore does not hold");
  }

  @Test
  void aFlippedBitInTheHeaderFailsEverySegment() throws Exception {
    SecretKey kek = aes256();
    Path path = write("s.enc", "k", kek, chunks(100, 100), true);
    byte[] raw = Files.readAllBytes(path);
    raw[7 + 2 + 1 + 40 + 3] ^= 0x10; // in the nonce prefix: the data key still unwraps
    Files.write(path, raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> read(path, Map.of("k", kek), out))
        .isInstanceOf(RecordingDecryptionException.class)
        .hasMessageContaining("s.enc: segment 0: does not authenticate");
    assertThat(out.size()).as("plaintext released").isZero();

    raw[7 + 2 + 1 + 40 + 3] ^= 0x10;
    raw[7 + 2 + 1 + 5] ^= 0x01; // in the wrapped data key
    Files.write(path, raw);
    assertThatThrownBy(() -> read(path, Map.of("k", kek), new ByteArrayOutputStream()))
        .hasMessageContaining("header: the data key does not unwrap");
  }

  @Test
  void aFlippedBitInASegmentStopsThereWithNothingOfIt() throws Exception {
    SecretKey kek = aes256();
    List<byte[]> chunks = chunks(1000, 1000, 1000);
    Path path = write("s.enc", "k", kek, chunks, true);
    byte[] raw = Files.readAllBytes(path);
    raw[segmentOffsets(raw).get(1) + 4 + 500] ^= 0x01;
    Files.write(path, raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> read(path, Map.of("k", kek), out))
        .isInstanceOf(RecordingDecryptionException.class)
        .hasMessageContaining("s.enc: segment 1: does not authenticate")
        .satisfies(e -> assertThat(((RecordingDecryptionException) e).segment()).isEqualTo(1));
    assertThat(out.toByteArray())
        .as("only segment 0, which authenticated")
        .isEqualTo(chunks.get(0));
  }

  @Test
  void swappedOrDroppedSegmentsAreRefused() throws Exception {
    SecretKey kek = aes256();
    Path path = write("s.enc", "k", kek, chunks(1000, 1000, 1000), true);
    byte[] raw = Files.readAllBytes(path);
    List<Integer> at = segmentOffsets(raw);
    int size = at.get(1) - at.get(0);

    byte[] swapped = raw.clone();
    System.arraycopy(raw, at.get(0), swapped, at.get(1), size);
    System.arraycopy(raw, at.get(1), swapped, at.get(0), size);
    Files.write(path, swapped);
    assertThatThrownBy(() -> read(path, Map.of("k", kek), new ByteArrayOutputStream()))
        .hasMessageContaining("segment 0: does not authenticate");

    ByteArrayOutputStream dropped = new ByteArrayOutputStream();
    dropped.write(raw, 0, at.get(1));
    dropped.write(raw, at.get(2), raw.length - at.get(2));
    Files.write(path, dropped.toByteArray());
    assertThatThrownBy(() -> read(path, Map.of("k", kek), new ByteArrayOutputStream()))
        .hasMessageContaining("segment 1: does not authenticate");

    // The final segment moved up, the last data segment dropped: refused, not "finished".
    ByteArrayOutputStream lastDropped = new ByteArrayOutputStream();
    lastDropped.write(raw, 0, at.get(2));
    lastDropped.write(raw, at.get(3), raw.length - at.get(3));
    Files.write(path, lastDropped.toByteArray());
    assertThatThrownBy(() -> read(path, Map.of("k", kek), new ByteArrayOutputStream()))
        .hasMessageContaining("segment 2: does not authenticate");
  }

  @Test
  void bytesAfterTheFinalSegmentAreRefused() throws Exception {
    SecretKey kek = aes256();
    Path path = write("s.enc", "k", kek, chunks(100), true);
    byte[] raw = Files.readAllBytes(path);
    Files.write(path, Arrays.copyOf(raw, raw.length + 40));
    assertThatThrownBy(() -> read(path, Map.of("k", kek), new ByteArrayOutputStream()))
        .hasMessageContaining("segment 1: the file's final segment is followed by 40 more bytes");
  }

  @Test
  void whatIsNotAnEncryptedRecordingIsSaidSo() throws Exception {
    Path wav = dir.resolve("plain.wav.enc");
    Files.write(wav, "RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> read(wav, Map.of(), new ByteArrayOutputStream()))
        .hasMessageContaining("header: not an encrypted recording");
    Path empty = Files.write(dir.resolve("empty.enc"), new byte[0]);
    assertThatThrownBy(() -> read(empty, Map.of(), new ByteArrayOutputStream()))
        .hasMessageContaining("header: cut off at 0 bytes");
  }

  @Test
  void rotationNewFilesUseTheNewKeyOldOnesKeepTheirs() throws Exception {
    SecretKey old = aes256();
    SecretKey current = aes256();
    List<byte[]> before = chunks(500);
    List<byte[]> after = chunks(700);
    Path a = write("before.enc", "kek-2025", old, before, true);
    Path b = write("after.enc", "kek-2026", current, after, true);
    Map<String, SecretKey> both = Map.of("kek-2025", old, "kek-2026", current);

    ByteArrayOutputStream outA = new ByteArrayOutputStream();
    ByteArrayOutputStream outB = new ByteArrayOutputStream();
    assertThat(read(a, both, outA).keyId()).isEqualTo("kek-2025");
    assertThat(read(b, both, outB).keyId()).isEqualTo("kek-2026");
    assertThat(outA.toByteArray()).isEqualTo(concat(before));
    assertThat(outB.toByteArray()).isEqualTo(concat(after));
    // The old key gone from the keystore: the old file says which key it needs.
    assertThatThrownBy(() -> read(a, Map.of("kek-2026", current), new ByteArrayOutputStream()))
        .hasMessageContaining("key id 'kek-2025'");
  }
}
