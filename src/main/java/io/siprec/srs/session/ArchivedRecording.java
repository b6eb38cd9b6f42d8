package io.siprec.srs.session;

import java.util.List;

/**
 * One recording session's folder in the archive, as a deletion or an erasure request reports it.
 *
 * @param session its id
 * @param day the UTC day folder ({@code yyyy-mm-dd})
 * @param files the files deleted, by name inside the folder; empty when nothing was deleted
 */
public record ArchivedRecording(String session, String day, List<String> files) {
  public ArchivedRecording {
    files = List.copyOf(files);
  }
}
