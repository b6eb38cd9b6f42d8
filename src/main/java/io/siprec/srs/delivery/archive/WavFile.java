package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A 16-bit PCM WAV file that grows while the call runs. Plain, it is playable at every moment: its
 * RIFF and data sizes are rewritten after each append, so a crash leaves a file whose header
 * matches what reached the disk. Encrypted, it is append-only: the header keeps the sizes of an
 * empty file and the decryptor sets them from the decrypted length. Frames are placed by position:
 * a jump forward (a gap, a pause) is written as silence of that length, so the file's timeline is
 * the stream's; audio for a position already written (a duplicate, a late arrival) is skipped.
 *
 * <p>Not thread-safe: used by the archive's writer thread only.
 */
final class WavFile implements AutoCloseable {
  private static final int HEADER = 44;

  /** Silence is written in blocks of this many bytes. */
  private static final int SILENCE_BLOCK = 64 * 1024;

  private static final ByteBuffer SILENCE =
      ByteBuffer.allocateDirect(SILENCE_BLOCK).asReadOnlyBuffer();

  private final ArchiveFile file;
  private final int channels;
  private final ByteBuffer sizes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
  private long frames; // frames written (audio and silence)
  private long silenceFrames;

  WavFile(ArchiveFile file, int sampleRate, int channels) throws IOException {
    this.file = file;
    this.channels = channels;
    ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    h.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36).put(new byte[] {'W', 'A', 'V', 'E'});
    h.put(new byte[] {'f', 'm', 't', ' '})
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) channels)
        .putInt(sampleRate)
        .putInt(sampleRate * channels * 2)
        .putShort((short) (channels * 2))
        .putShort((short) 16);
    h.put(new byte[] {'d', 'a', 't', 'a'}).putInt(0);
    h.flip();
    file.append(h);
  }

  Path path() {
    return file.path();
  }

  long frames() {
    return frames;
  }

  long silenceFrames() {
    return silenceFrames;
  }

  /**
   * Writes interleaved little-endian frames at timeline position {@code position}.
   *
   * @return frames of silence written before the audio
   */
  long write(long position, byte[] pcm) throws IOException {
    int frameBytes = 2 * channels;
    long silence = 0;
    if (position > frames) {
      silence = position - frames;
      writeSilence(position, frameBytes);
    }
    int skip = (int) Math.min(pcm.length, (frames - position) * frameBytes);
    if (skip < pcm.length) {
      file.append(ByteBuffer.wrap(pcm, skip, pcm.length - skip));
      frames += (pcm.length - skip) / frameBytes;
    }
    if (file.rewritable()) {
      updateSizes();
    }
    return silence;
  }

  /** Silence up to {@code position}, counted block by block: a failed block is written again. */
  private void writeSilence(long position, int frameBytes) throws IOException {
    while (frames < position) {
      ByteBuffer block = SILENCE.duplicate();
      long blockFrames = Math.min(SILENCE_BLOCK / frameBytes, position - frames);
      block.limit((int) (blockFrames * frameBytes));
      file.append(block);
      frames += blockFrames;
      silenceFrames += blockFrames;
    }
  }

  private void updateSizes() throws IOException {
    long data = frames * 2L * channels;
    sizes.clear();
    sizes.putInt((int) Math.min(0xffffffffL, data + 36)).flip();
    file.rewrite(4, sizes);
    sizes.clear();
    sizes.putInt((int) Math.min(0xffffffffL, data)).flip();
    file.rewrite(40, sizes);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
