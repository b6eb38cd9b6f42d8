package io.siprec.srs.consumer;

import static io.siprec.srs.consumer.EncryptedRecordingFormat.LAST_SEGMENT;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.MAGIC;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.MAX_SEGMENT_PLAINTEXT;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.NONCE_PREFIX_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.NOT_LAST_SEGMENT;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.SEGMENT_CIPHER;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.SEGMENT_LENGTH_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.TAG_BYTES;
import static io.siprec.srs.consumer.EncryptedRecordingFormat.WRAPPED_KEY_BYTES;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * Random access to the plaintext of one encrypted archive file ({@link EncryptedRecordingFormat}):
 * for a byte range of a recording (an HTTP range request from a player) only the segments that
 * cover it are decrypted. Opening reads the header, unwraps the data key and walks the segments'
 * length fields (4 bytes each, no decryption) to know where every segment's plaintext starts.
 *
 * <p>Every byte handed out comes from a segment whose GCM tag checked out at its own index (NIST SP
 * 800-38D section 7.2: the plaintext is released only after the tag verifies), so an altered, moved
 * or foreign segment fails with {@link RecordingDecryptionException}, never garbage. A file being
 * written (a live call) or cut short by a stop has no final segment: its plaintext is what its
 * whole segments hold as of opening.
 *
 * <p>Not thread-safe: one reader per request.
 */
public final class EncryptedRecordingSegments implements Closeable {
  private final Path file;
  private final FileChannel channel;
  private final byte[] header;
  private final SecretKey dataKey;
  private final byte[] prefix;
  private final String keyId;
  private final Cipher gcm;
  private long[] fileOffsets = new long[64]; // of each segment's length field
  private long[] plaintextStarts = new long[64];
  private int count;
  private long plaintextLength;
  private boolean finished;
  private long segmentsDecrypted;

  private EncryptedRecordingSegments(
      Path file, FileChannel channel, EncryptedRecordingReader.KeyEncryptionKeys keys)
      throws IOException, RecordingDecryptionException {
    this.file = file;
    this.channel = channel;
    long size = channel.size();
    header =
        EncryptedRecordingReader.readHeader(
            file, new DataInputStream(Channels.newInputStream(channel.position(0))), size);
    int keyIdLength = header[MAGIC.length() + 1] & 0xff;
    keyId = new String(header, MAGIC.length() + 2, keyIdLength, StandardCharsets.UTF_8);
    int wrappedAt = MAGIC.length() + 2 + keyIdLength;
    dataKey =
        EncryptedRecordingReader.unwrap(
            file,
            keyId,
            keys,
            Arrays.copyOfRange(header, wrappedAt, wrappedAt + WRAPPED_KEY_BYTES));
    prefix =
        Arrays.copyOfRange(
            header,
            wrappedAt + WRAPPED_KEY_BYTES,
            wrappedAt + WRAPPED_KEY_BYTES + NONCE_PREFIX_BYTES);
    try {
      gcm = Cipher.getInstance(SEGMENT_CIPHER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java has no " + SEGMENT_CIPHER, e);
    }
    index(size);
  }

  /**
   * Opens {@code file} for reading by range.
   *
   * @throws RecordingDecryptionException for a header that is not the format's, a key the keystore
   *     does not hold or that does not unwrap the data key, or a segment length beyond the format's
   */
  public static EncryptedRecordingSegments open(
      Path file, EncryptedRecordingReader.KeyEncryptionKeys keys)
      throws IOException, RecordingDecryptionException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new EncryptedRecordingSegments(file, channel, keys);
    } catch (IOException | RecordingDecryptionException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Walks the length fields; a segment cut short by a stop (or still being written) is left out.
   */
  private void index(long size) throws IOException, RecordingDecryptionException {
    ByteBuffer length = ByteBuffer.allocate(SEGMENT_LENGTH_BYTES);
    long at = header.length;
    while (size - at >= SEGMENT_LENGTH_BYTES + TAG_BYTES) {
      length.clear();
      readFully(length, at);
      long p = length.flip().getInt() & 0xffffffffL;
      if (p > MAX_SEGMENT_PLAINTEXT) {
        throw new RecordingDecryptionException(
            file, count, "length " + p + " at byte " + at + " is beyond the format's: corrupt");
      }
      if (size - at - SEGMENT_LENGTH_BYTES < p + TAG_BYTES) {
        break;
      }
      if (count == fileOffsets.length) {
        fileOffsets = Arrays.copyOf(fileOffsets, count * 2);
        plaintextStarts = Arrays.copyOf(plaintextStarts, count * 2);
      }
      fileOffsets[count] = at;
      plaintextStarts[count] = plaintextLength;
      count++;
      plaintextLength += p;
      at += SEGMENT_LENGTH_BYTES + p + TAG_BYTES;
    }
    // Finished when the file ends exactly after a segment that opens as the final one.
    finished = at == size && count > 0 && decrypt(count - 1, LAST_SEGMENT) != null;
  }

  public String keyId() {
    return keyId;
  }

  /** The plaintext's length: every whole segment's, as of opening. */
  public long plaintextLength() {
    return plaintextLength;
  }

  /** Whether the file ends with its final segment (false: still written, or cut off by a stop). */
  public boolean finished() {
    return finished;
  }

  /**
   * Segments decrypted since opening (opening checks at most the last one): the cost of a range.
   */
  public long segmentsDecrypted() {
    return segmentsDecrypted;
  }

  /**
   * Writes plaintext bytes {@code from} to {@code from + length - 1} to {@code out}, decrypting
   * only the segments that hold them.
   *
   * @throws IndexOutOfBoundsException when the range is not within {@link #plaintextLength()}
   * @throws RecordingDecryptionException when a segment of the range does not authenticate; the
   *     bytes of the segments before it have been written
   */
  public void copy(long from, long length, OutputStream out)
      throws IOException, RecordingDecryptionException {
    if (from < 0 || length < 0 || from + length > plaintextLength) {
      throw new IndexOutOfBoundsException(
          "bytes " + from + "+" + length + " of a plaintext of " + plaintextLength);
    }
    long end = from + length;
    int i = segmentHolding(from);
    while (from < end) {
      byte last = finished && i == count - 1 ? LAST_SEGMENT : NOT_LAST_SEGMENT;
      byte[] plain = decrypt(i, last);
      if (plain == null) {
        throw new RecordingDecryptionException(
            file,
            i,
            "does not authenticate at byte "
                + fileOffsets[i]
                + ": the segment or the header was altered, or segments were reordered, dropped"
                + " or taken from another file");
      }
      int skip = (int) (from - plaintextStarts[i]);
      int take = (int) Math.min(plain.length - skip, end - from);
      out.write(plain, skip, take);
      from += take;
      i++;
    }
  }

  /** The last segment starting at or before {@code offset} that is not empty there. */
  private int segmentHolding(long offset) {
    int i = Arrays.binarySearch(plaintextStarts, 0, count, offset);
    if (i < 0) {
      return -i - 2;
    }
    // Empty segments share their start with the next one: take the last of them.
    while (i + 1 < count && plaintextStarts[i + 1] == offset) {
      i++;
    }
    return i;
  }

  /** Segment {@code i}'s plaintext, or null when it does not authenticate with that flag. */
  private byte[] decrypt(int i, byte last) throws IOException {
    long length = (i + 1 < count ? plaintextStarts[i + 1] : plaintextLength) - plaintextStarts[i];
    ByteBuffer sealed = ByteBuffer.allocate((int) length + TAG_BYTES);
    readFully(sealed, fileOffsets[i] + SEGMENT_LENGTH_BYTES);
    segmentsDecrypted++;
    return EncryptedRecordingReader.open(
        gcm,
        dataKey,
        EncryptedRecordingReader.nonce(prefix, i, last),
        header,
        sealed.array(),
        sealed.capacity());
  }

  private void readFully(ByteBuffer into, long position) throws IOException {
    while (into.hasRemaining()) {
      int n = channel.read(into, position);
      if (n < 0) {
        throw new IOException(file + " shrank while being read");
      }
      position += n;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
