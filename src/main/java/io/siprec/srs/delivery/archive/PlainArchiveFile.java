package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An archive file written as it is: appended at its end, rewritable in place. */
final class PlainArchiveFile implements ArchiveFile {
  private final Path path;
  private final FileChannel channel;
  private long size;

  private PlainArchiveFile(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    this.size = channel.size();
  }

  static PlainArchiveFile create(Path path) throws IOException {
    return new PlainArchiveFile(
        path,
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE));
  }

  static PlainArchiveFile appendTo(Path path) throws IOException {
    return new PlainArchiveFile(
        path, FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public void append(ByteBuffer bytes) throws IOException {
    // Positional: a write that failed half-way is overwritten by the next one, not left as a hole.
    long at = size;
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
    size = at;
  }

  @Override
  public boolean rewritable() {
    return true;
  }

  @Override
  public void rewrite(long position, ByteBuffer bytes) throws IOException {
    long at = position;
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
