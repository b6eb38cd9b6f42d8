package io.siprec.srs.delivery.archive;

import io.siprec.srs.delivery.EventJson;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.StreamLabel;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of one recording session, written while it runs:
 *
 * <ul>
 *   <li>{@code stream-<label>.wav} per stream (mono, the stream's timeline: position 0 is its first
 *       packet), {@code mix.wav} for the stereo mix (the session's timeline);
 *   <li>{@code events.jsonl}: every event of the session as published, one JSON document a line;
 *   <li>at the end {@code session.json} (the {@code session.ended} event: final metadata, streams,
 *       statistics) and {@code archive.json} (what was written: files, frames, silence filled in,
 *       chunks the archive itself had to drop);
 *   <li>once all is closed, {@code manifest.json}, written by the {@link ManifestChain}.
 * </ul>
 *
 * <p>Writer-thread only.
 */
final class SessionFolder implements AutoCloseable {
  private final Path dir;
  private final Map<String, WavFile> files = new LinkedHashMap<>();
  private final Map<String, long[]> chunksByFile =
      new LinkedHashMap<>(); // [chunks, last sample rate]
  private FileChannel events;
  private Instant startedAt;

  /**
   * @param openedAt when its first chunk or event was taken: the start until {@code
   *     session.started} says
   */
  SessionFolder(Path dir, Instant openedAt) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.startedAt = openedAt;
  }

  Path dir() {
    return dir;
  }

  /** When the session started, as its {@code session.started} event said if it was written. */
  Instant startedAt() {
    return startedAt;
  }

  void write(AudioChunk chunk) throws IOException {
    String name = fileName(chunk);
    WavFile wav = files.get(name);
    if (wav == null) {
      wav = new WavFile(dir.resolve(name), chunk.sampleRate(), chunk.channels());
      files.put(name, wav);
      chunksByFile.put(name, new long[] {0, chunk.sampleRate()});
    }
    if (chunk.samples() > 0) {
      wav.write(chunk.startSample(), chunk.pcm());
    }
    chunksByFile.get(name)[0]++;
  }

  void event(SessionEvent event) throws IOException {
    if (event instanceof SessionEvent.SessionStarted started) {
      startedAt = started.at();
    }
    if (events == null) {
      events =
          FileChannel.open(
              dir.resolve("events.jsonl"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
    }
    ByteBuffer line =
        ByteBuffer.wrap((EventJson.write(event) + "\n").getBytes(StandardCharsets.UTF_8));
    while (line.hasRemaining()) {
      events.write(line);
    }
  }

  /** The session ended: its final snapshot, and what the archive wrote. */
  void finish(SessionEvent.SessionEnded ended, long chunksDroppedHere, boolean complete)
      throws IOException {
    if (ended != null) {
      Files.writeString(
          dir.resolve("session.json"), EventJson.write(ended), StandardCharsets.UTF_8);
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = EventJson.generator(out)) {
      g.writeStartObject();
      g.write("schemaVersion", EventJson.SCHEMA_VERSION);
      g.write("complete", complete);
      g.write("chunksDroppedByArchive", chunksDroppedHere);
      g.writeStartArray("files");
      for (Map.Entry<String, WavFile> e : files.entrySet()) {
        WavFile wav = e.getValue();
        long[] c = chunksByFile.get(e.getKey());
        g.writeStartObject();
        g.write("file", e.getKey());
        g.write("chunks", c[0]);
        g.write("sampleRate", c[1]);
        g.write("frames", wav.frames());
        g.write("silenceFrames", wav.silenceFrames());
        g.write("durationMs", wav.frames() * 1000 / c[1]);
        g.writeEnd();
      }
      g.writeEnd();
      g.writeEnd();
    }
    Files.writeString(dir.resolve("archive.json"), out.toString(), StandardCharsets.UTF_8);
  }

  /** {@code stream-<label>.wav}, the label made safe for any file system; {@code mix.wav}. */
  static String fileName(AudioChunk chunk) {
    if (chunk.channels() == 2 && chunk.label().value().equals(StreamLabel.MIX.value())) {
      return "mix.wav";
    }
    String label = chunk.label().value();
    String safe = label.replaceAll("[^A-Za-z0-9._-]", "_");
    if (!safe.equals(label)) {
      // Two labels that differ only in unsafe characters must not share a file.
      safe = safe + "-" + Integer.toHexString(label.hashCode());
    }
    return "stream-" + safe + ".wav";
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (WavFile wav : files.values()) {
      try {
        wav.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (events != null) {
      events.close();
    }
    if (first != null) {
      throw first;
    }
  }
}
