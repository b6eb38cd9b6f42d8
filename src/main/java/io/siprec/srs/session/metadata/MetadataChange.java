package io.siprec.srs.session.metadata;

import java.util.List;
import java.util.Map;

/**
 * What one metadata update changed, for the "metadata updated" event.
 *
 * @param participantsAdded ids of participants that are new
 * @param participantsRemoved ids of participants that left (transfer) or were dropped
 * @param streamsReattributed label -> participant ids now heard on it, for streams whose senders
 *     changed
 */
public record MetadataChange(
    List<String> participantsAdded,
    List<String> participantsRemoved,
    Map<String, String> streamsReattributed) {

  public MetadataChange {
    participantsAdded = List.copyOf(participantsAdded);
    participantsRemoved = List.copyOf(participantsRemoved);
    streamsReattributed = Map.copyOf(streamsReattributed);
  }

  public boolean isEmpty() {
    return participantsAdded.isEmpty()
        && participantsRemoved.isEmpty()
        && streamsReattributed.isEmpty();
  }
}
