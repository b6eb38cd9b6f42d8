package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A 16-bit PCM WAV file that grows while the call runs and is playable at every moment: its RIFF
 * and data sizes are rewritten after each append, so a crash leaves a file whose header matches
 * what reached the disk. Frames are placed by position: a jump forward (a gap, a pause) is written
 * as silence of that length, so the file's timeline is the stream's; audio for a position already
 * written (a duplicate, a late arrival) is skipped.
 *
 * <p>Not thread-safe: used by the archive's writer thread only.
 */
final class WavFile implements AutoCloseable {
  private static final int HEADER = 44;

  /** Silence is written in blocks of this many bytes. */
  private static final int SILENCE_BLOCK = 64 * 1024;

  private static final ByteBuffer SILENCE =
      ByteBuffer.allocateDirect(SILENCE_BLOCK).asReadOnlyBuffer();

  private final Path path;
  private final FileChannel channel;
  private final int channels;
  private final ByteBuffer sizes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
  private long frames; // frames written (audio and silence)
  private long silenceFrames;

  WavFile(Path path, int sampleRate, int channels) throws IOException {
    this.path = path;
    this.channels = channels;
    this.channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
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
    writeFully(h, 0);
  }

  Path path() {
    return path;
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
      writeSilence(silence * frameBytes);
      frames += silence;
      silenceFrames += silence;
    }
    int skip = (int) Math.min(pcm.length, (frames - position) * frameBytes);
    if (skip < pcm.length) {
      writeFully(ByteBuffer.wrap(pcm, skip, pcm.length - skip), HEADER + frames * frameBytes);
      frames += (pcm.length - skip) / frameBytes;
    }
    updateSizes();
    return silence;
  }

  private void writeSilence(long bytes) throws IOException {
    long at = HEADER + frames * 2L * channels;
    while (bytes > 0) {
      ByteBuffer block = SILENCE.duplicate();
      block.limit((int) Math.min(SILENCE_BLOCK, bytes));
      int n = block.remaining();
      writeFully(block, at);
      at += n;
      bytes -= n;
    }
  }

  private void updateSizes() throws IOException {
    long data = frames * 2L * channels;
    sizes.clear();
    sizes.putInt((int) Math.min(0xffffffffL, data + 36)).flip();
    writeFully(sizes, 4);
    sizes.clear();
    sizes.putInt((int) Math.min(0xffffffffL, data)).flip();
    writeFully(sizes, 40);
  }

  private void writeFully(ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
