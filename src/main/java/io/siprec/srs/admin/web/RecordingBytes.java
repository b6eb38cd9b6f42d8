package io.siprec.srs.admin.web;

import io.siprec.srs.consumer.EncryptedRecordingFormat;
import io.siprec.srs.consumer.EncryptedRecordingReader;
import io.siprec.srs.consumer.EncryptedRecordingSegments;
import io.siprec.srs.consumer.RecordingDecryptionException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The bytes of one archive file as the console serves them: a plain file as it is on disk, an
 * encrypted one ({@code .enc}) decrypted segment by segment for the range asked only. Both are
 * taken as of opening: a file still written (a live call) is served up to there, and a WAV's RIFF
 * and data sizes (RFC 2361 / the RIFF WAVE header: bytes 4 and 40, little-endian) are set from that
 * length, so a player sees a file that ends where the bytes end. An encrypted WAV keeps an empty
 * file's sizes in its header (it is append-only), so this is what makes it playable at all.
 */
abstract class RecordingBytes implements Closeable {
  /** The canonical 44-byte header of the archive's PCM WAVs (fmt chunk of 16 bytes). */
  static final int WAV_HEADER = 44;

  private final long length;
  private final byte[] header; // the WAV header with sizes as of opening; null if not a WAV

  private RecordingBytes(long length, byte[] header) {
    this.length = length;
    this.header = header;
  }

  /**
   * Opens a file of a session folder; {@code .enc} means encrypted at rest.
   *
   * @throws RecordingDecryptionException when an encrypted file's header is not right or its key is
   *     not in the keystore
   */
  static RecordingBytes open(
      Path file, boolean wav, EncryptedRecordingReader.KeyEncryptionKeys keys)
      throws IOException, RecordingDecryptionException {
    if (file.getFileName().toString().endsWith(EncryptedRecordingFormat.SUFFIX)) {
      EncryptedRecordingSegments segments = EncryptedRecordingSegments.open(file, keys);
      try {
        return new Decrypted(segments, wav);
      } catch (IOException | RecordingDecryptionException | RuntimeException e) {
        segments.close();
        throw e;
      }
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new Plain(channel, wav);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  long length() {
    return length;
  }

  /** Writes bytes {@code from} to {@code from + count - 1} (within {@link #length()}). */
  final void copy(long from, long count, OutputStream out)
      throws IOException, RecordingDecryptionException {
    if (header != null && from < WAV_HEADER) {
      int n = (int) Math.min(WAV_HEADER - from, count);
      out.write(header, (int) from, n);
      from += n;
      count -= n;
    }
    if (count > 0) {
      copyStored(from, count, out);
    }
  }

  abstract void copyStored(long from, long count, OutputStream out)
      throws IOException, RecordingDecryptionException;

  /**
   * The stored header with its sizes set for {@code length} bytes, or null when the file is not a
   * WAV of this archive's layout (then it is served as stored).
   */
  private static byte[] wavHeader(byte[] stored, long length) {
    ByteBuffer h = ByteBuffer.wrap(stored).order(ByteOrder.LITTLE_ENDIAN);
    boolean riff =
        stored.length == WAV_HEADER
            && h.getInt(0) == 0x46464952 // "RIFF"
            && h.getInt(8) == 0x45564157 // "WAVE"
            && h.getInt(36) == 0x61746164; // "data"
    if (!riff) {
      return null;
    }
    long data = length - WAV_HEADER;
    h.putInt(4, (int) Math.min(0xffffffffL, data + 36));
    h.putInt(40, (int) Math.min(0xffffffffL, data));
    return stored;
  }

  private static final class Plain extends RecordingBytes {
    private final FileChannel channel;

    Plain(FileChannel channel, boolean wav) throws IOException {
      this(channel, channel.size(), wav);
    }

    private Plain(FileChannel channel, long length, boolean wav) throws IOException {
      super(length, wav && length >= WAV_HEADER ? wavHeader(read(channel), length) : null);
      this.channel = channel;
    }

    private static byte[] read(FileChannel channel) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(WAV_HEADER);
      while (b.hasRemaining() && channel.read(b, b.position()) >= 0) {
        // until the header is read
      }
      return b.array();
    }

    @Override
    void copyStored(long from, long count, OutputStream out) throws IOException {
      ByteBuffer block = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
      while (count > 0) {
        block.clear().limit((int) Math.min(block.capacity(), count));
        int n = channel.read(block, from);
        if (n < 0) {
          throw new IOException("the file shrank while being served");
        }
        out.write(block.array(), 0, n);
        from += n;
        count -= n;
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final class Decrypted extends RecordingBytes {
    private final EncryptedRecordingSegments segments;

    Decrypted(EncryptedRecordingSegments segments, boolean wav)
        throws IOException, RecordingDecryptionException {
      super(
          segments.plaintextLength(),
          wav && segments.plaintextLength() >= WAV_HEADER
              ? wavHeader(read(segments), segments.plaintextLength())
              : null);
      this.segments = segments;
    }

    private static byte[] read(EncryptedRecordingSegments segments)
        throws IOException, RecordingDecryptionException {
      ByteArrayOutputStream h = new ByteArrayOutputStream(WAV_HEADER);
      segments.copy(0, WAV_HEADER, h);
      return h.toByteArray();
    }

    @Override
    void copyStored(long from, long count, OutputStream out)
        throws IOException, RecordingDecryptionException {
      segments.copy(from, count, out);
    }

    @Override
    public void close() throws IOException {
      segments.close();
    }
  }
}
