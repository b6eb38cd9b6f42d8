package io.siprec.srs.delivery.archive;

import io.siprec.srs.delivery.EventJson;
import io.siprec.srs.session.AudioChunk;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.StreamLabel;
import jakarta.json.stream.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>With encryption at rest every file but {@code archive.json} is encrypted ({@link
 * ArchiveEncryption}) and named {@code <name>.enc}; {@code archive.json} names the files as they
 * are on disk.
 *
 * <p>Writer-thread only.
 */
final class SessionFolder implements AutoCloseable {
  private final Path dir;
  private final ArchiveFiles make;
  private final Map<String, WavFile> files = new LinkedHashMap<>();
  private final Map<String, long[]> chunksByFile =
      new LinkedHashMap<>(); // [chunks, last sample rate]
  private ArchiveFile events;
  private Instant startedAt;

  /**
   * @param make how its files are made: plain or encrypted
   * @param openedAt when its first chunk or event was taken: the start until {@code
   *     session.started} says
   */
  SessionFolder(Path dir, ArchiveFiles make, Instant openedAt) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.make = make;
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
      wav = newWav(name, chunk);
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
      events = make.appendTo(dir, "events.jsonl");
    }
    events.append(
        ByteBuffer.wrap((EventJson.write(event) + "\n").getBytes(StandardCharsets.UTF_8)));
  }

  private WavFile newWav(String name, AudioChunk chunk) throws IOException {
    ArchiveFile file = make.create(dir, name);
    try {
      return new WavFile(file, chunk.sampleRate(), chunk.channels());
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** The session ended: its final snapshot, and what the archive wrote. */
  void finish(SessionEvent.SessionEnded ended, long chunksDroppedHere, boolean complete)
      throws IOException {
    if (ended != null) {
      try (ArchiveFile snapshot = make.create(dir, "session.json")) {
        snapshot.append(ByteBuffer.wrap(EventJson.write(ended).getBytes(StandardCharsets.UTF_8)));
      }
    }
    // Every file ends (an encrypted one with its final segment) before archive.json says so.
    IOException closing = null;
    try {
      close();
    } catch (IOException e) {
      closing = e;
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
        g.write("file", wav.path().getFileName().toString());
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
    if (closing != null) {
      throw closing;
    }
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

  /** Closes every file; again after {@link #finish} does nothing more. */
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
