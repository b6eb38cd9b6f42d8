package io.siprec.srs.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Read-only port to the SIP messages of a recording dialog, as the console draws them (a "ladder"):
 * kept by the SIP edge for live sessions, the recently ended ones and the recently refused INVITEs,
 * within fixed bounds. No SIP types: each message is its text, already masked.
 */
public interface SignallingLadders {
  /** The ladder of a live or recently ended session; empty when it is no longer kept. */
  Optional<Ladder> ofSession(RecordingSessionId id);

  /** The ladder of a recently refused INVITE, by its Call-ID; empty when no longer kept. */
  Optional<Ladder> ofRefusal(String callId);

  /**
   * @param sessionId the recording session, when the INVITE was answered 200
   * @param messages in the order sent or received, at most {@link Bounds#messagesPerLadder()}
   * @param omitted messages not kept once the ladder was full
   */
  record Ladder(
      String callId,
      Optional<RecordingSessionId> sessionId,
      List<LadderMessage> messages,
      int omitted,
      Bounds bounds) {
    public Ladder {
      messages = List.copyOf(messages);
    }
  }

  /**
   * One SIP message as it went over the wire (as far as the container shows it).
   *
   * @param received true for the SRC to us, false for ours to the SRC
   * @param startLine e.g. "INVITE sip:srs@host SIP/2.0" or "SIP/2.0 200 OK"
   * @param label what the console writes on the arrow: the method, or the status and its method
   * @param text start line, headers and body, SDES keys masked; cut at {@link
   *     Bounds#charsPerMessage()}
   * @param fullLength the length of the whole text before any cut
   */
  record LadderMessage(
      Instant at, boolean received, String startLine, String label, String text, int fullLength) {
    public boolean truncated() {
      return text.length() < fullLength;
    }
  }

  /** The bounds a ladder was kept within, for the console to say so. */
  record Bounds(int messagesPerLadder, int charsPerMessage) {}
}
