package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The archive's session folders, {@code <root>/<yyyy-mm-dd>/<session id>/}, as retention and
 * erasure walk and delete them. Anything else under the root (the audit log, the holds, what is not
 * ours) is never touched.
 */
final class SessionFolders {
  private SessionFolders() {}

  /** The UTC day a folder's name says, or empty when it is not a day folder. */
  static Optional<LocalDate> dayOf(Path folder) {
    try {
      return Optional.of(LocalDate.parse(folder.getFileName().toString()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The day folders under the root, oldest first. */
  static List<Path> days(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory)
          .filter(d -> dayOf(d).isPresent())
          .sorted(Comparator.comparing(d -> d.getFileName().toString()))
          .toList();
    }
  }

  /** Every session folder, oldest day first. */
  static List<Path> sessions(Path root) throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path day : days(root)) {
      try (Stream<Path> s = Files.list(day)) {
        s.filter(Files::isDirectory)
            .sorted(Comparator.comparing(p -> p.getFileName().toString()))
            .forEach(all::add);
      }
    }
    return all;
  }

  static String dayName(Path sessionDir) {
    return sessionDir.getParent().getFileName().toString();
  }

  /**
   * Deletes a session folder and everything in it.
   *
   * @return the names (relative to the folder, {@code /} between parts) of the files deleted, in
   *     order; when deleting fails midway, those deleted so far are in the exception's message and
   *     the folder is left with the rest
   */
  static List<String> delete(Path sessionDir) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(sessionDir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    List<String> deleted = new ArrayList<>();
    for (Path p : paths) {
      boolean isFile = !Files.isDirectory(p);
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        throw new IOException(
            "deleting " + sessionDir + " failed at " + p + " after deleting " + deleted, e);
      }
      if (isFile) {
        deleted.add(relative(sessionDir, p));
      }
    }
    deleted.sort(Comparator.naturalOrder());
    return deleted;
  }

  /** Removes a day folder left empty; a session that starts there at that moment keeps it. */
  static void deleteIfEmpty(Path day) {
    try {
      Files.deleteIfExists(day);
    } catch (DirectoryNotEmptyException e) {
      // not empty: kept
    } catch (IOException e) {
      // kept; the next sweep tries again
    }
  }

  private static String relative(Path dir, Path file) {
    return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
  }
}
