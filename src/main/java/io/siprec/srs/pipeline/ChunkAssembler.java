package io.siprec.srs.pipeline;

import java.util.Arrays;

/**
 * Cuts a stream's decoded samples into chunks of a fixed number of samples, by timeline position.
 *
 * <ul>
 *   <li>A short hole (lost packets, up to {@code maxConcealSamples}) is filled with silence and
 *       counted as concealed, so the chunk stays full-length and the timeline unbroken.
 *   <li>A longer hole closes the current chunk where its audio ends; the next chunk starts at the
 *       next audio. The jump in start positions is the gap, and nothing pretends to be audio.
 *   <li>{@link #flush} (pause, end) publishes what is buffered as a shorter chunk.
 *   <li>Samples before the chunk being filled are late and dropped (counted).
 * </ul>
 *
 * <p>Single-threaded. The output borrows the sample array only for the duration of the call.
 */
public final class ChunkAssembler {

  /** Receives finished chunks. */
  public interface Output {
    /**
     * @param samples borrowed: valid only during this call
     * @param last the stream's final chunk (may have no samples)
     */
    void chunk(
        long sequence,
        long startSample,
        short[] samples,
        int count,
        long captureTimeMillis,
        boolean last);
  }

  private final int chunkSamples;
  private final long maxConcealSamples;
  private final int sampleRate;
  private final Output output;
  private final short[] buffer;

  private long chunkStart = -1; // -1: no chunk open
  private int filled; // samples [chunkStart, chunkStart + filled) hold audio or concealment
  private int chunkLength; // of the open chunk: chunkSamples, less a run's delay for its first
  private int shortenNext; // what the next chunk opened is to be short of chunkSamples
  private long captureTimeMillis;
  private long sequence;
  private long concealedSamples;
  private long lateSamples;
  private boolean emittedAny;
  private long endOfLastChunk;
  private long endOfLastChunkMillis;
  private boolean finished;
  private long blankFrom =
      Long.MAX_VALUE; // positions [blankFrom, blankTo) are published as silence
  private long blankTo = Long.MIN_VALUE;

  public ChunkAssembler(int sampleRate, int chunkMillis, long maxConcealMillis, Output output) {
    this.sampleRate = sampleRate;
    this.chunkSamples = sampleRate * chunkMillis / 1000;
    this.maxConcealSamples = sampleRate * maxConcealMillis / 1000;
    this.output = output;
    this.buffer = new short[chunkSamples];
  }

  public int sampleRate() {
    return sampleRate;
  }

  /**
   * The next chunk opened ends {@code samples} early, once. A run of resampled audio is placed its
   * filter's delay earlier than it is converted (sample n is position n), so a packet's audio ends
   * that much short of where the packet ends: with chunk boundaries moved back by as much, a chunk
   * is complete with the packet that completes it rather than waiting for the next one. Ignored
   * while a chunk is open.
   */
  public void shortenNextChunk(int samples) {
    if (chunkStart < 0) {
      shortenNext = Math.max(0, Math.min(samples, chunkSamples - 1));
    }
  }

  /** Whether a chunk is being filled (a write now goes into it rather than opening one). */
  public boolean chunkOpen() {
    return chunkStart >= 0;
  }

  /**
   * Places samples at their timeline position.
   *
   * @param arrivalMillis wall-clock time at which the packet arrived (its last sample's capture)
   * @return false if every sample was late and dropped
   */
  public boolean write(long position, short[] samples, int offset, int count, long arrivalMillis) {
    if (finished || count <= 0) {
      return false;
    }
    if (chunkStart < 0) {
      open(position, position + count, arrivalMillis);
    }
    long end = position + count;
    if (end <= chunkStart) {
      lateSamples += count;
      return false;
    }
    if (position < chunkStart) {
      int skip = (int) (chunkStart - position);
      lateSamples += skip;
      offset += skip;
      count -= skip;
      position = chunkStart;
    }
    long highWater = chunkStart + filled;
    if (position > highWater) {
      long hole = position - highWater;
      if (hole > maxConcealSamples) {
        if (filled > 0) {
          emit(false);
        }
        open(position, end, arrivalMillis);
      } else {
        concealedSamples += hole;
        fillSilence(hole, position + count, arrivalMillis);
      }
    }
    copy(position, samples, offset, count, end, arrivalMillis);
    return true;
  }

  /**
   * Publishes silence instead of audio for positions [from, to) (DTMF blanking): what is buffered
   * now and what is written later. Audio already published is not recalled.
   */
  public void blank(long from, long to) {
    if (to <= from) {
      return;
    }
    blankFrom = from;
    blankTo = Math.max(blankTo, to);
    zeroBlanked(chunkStart, filled);
  }

  private void zeroBlanked(long start, int count) {
    if (start < 0 || count <= 0 || blankTo <= start || blankFrom >= start + count) {
      return;
    }
    int from = (int) (Math.max(blankFrom, start) - chunkStart);
    int to = (int) (Math.min(blankTo, start + count) - chunkStart);
    Arrays.fill(buffer, Math.max(0, from), Math.min(buffer.length, to), (short) 0);
  }

  /** Publishes what is buffered (pause, gap). The next write opens a new chunk. */
  public void flush() {
    if (chunkStart >= 0 && filled > 0) {
      emit(false);
    }
    chunkStart = -1;
    filled = 0;
  }

  /** Publishes the stream's final chunk, possibly empty, if the stream published anything. */
  public void finish() {
    if (finished) {
      return;
    }
    if (chunkStart >= 0 && filled > 0) {
      emit(true);
    } else if (emittedAny) {
      // Empty: it starts, and was captured, where the last audio ended.
      output.chunk(
          sequence++,
          chunkStart >= 0 ? chunkStart : endOfLastChunk,
          buffer,
          0,
          endOfLastChunkMillis,
          true);
    }
    finished = true;
  }

  public long concealedSamples() {
    return concealedSamples;
  }

  public long lateSamples() {
    return lateSamples;
  }

  public long chunksEmitted() {
    return sequence;
  }

  private void open(long position, long packetEnd, long arrivalMillis) {
    chunkStart = position;
    filled = 0;
    chunkLength = chunkSamples - shortenNext;
    shortenNext = 0;
    captureTimeMillis = captureTime(position, packetEnd, arrivalMillis);
  }

  private void fillSilence(long samples, long packetEnd, long arrivalMillis) {
    while (samples > 0) {
      int room = chunkLength - filled;
      int n = (int) Math.min(room, samples);
      Arrays.fill(buffer, filled, filled + n, (short) 0);
      filled += n;
      samples -= n;
      if (filled == chunkLength) {
        emit(false);
        open(chunkStart + chunkLength, packetEnd, arrivalMillis);
      }
    }
  }

  private void copy(
      long position, short[] samples, int offset, int count, long packetEnd, long arrivalMillis) {
    int at = (int) (position - chunkStart); // within [0, filled]: reordered packets overwrite
    while (count > 0) {
      int n = Math.min(chunkLength - at, count);
      System.arraycopy(samples, offset, buffer, at, n);
      at += n;
      offset += n;
      count -= n;
      filled = Math.max(filled, at);
      if (filled == chunkLength) {
        emit(false);
        open(chunkStart + chunkLength, packetEnd, arrivalMillis);
        at = 0;
      }
    }
  }

  private void emit(boolean last) {
    zeroBlanked(chunkStart, filled);
    output.chunk(sequence++, chunkStart, buffer, filled, captureTimeMillis, last);
    endOfLastChunk = chunkStart + filled;
    endOfLastChunkMillis = captureTimeMillis + filled * 1000L / sampleRate;
    emittedAny = true;
    filled = 0;
  }

  private long captureTime(long sample, long packetEnd, long arrivalMillis) {
    return arrivalMillis - (packetEnd - sample) * 1000 / sampleRate;
  }
}
