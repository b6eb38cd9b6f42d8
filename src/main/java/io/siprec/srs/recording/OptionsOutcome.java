package io.siprec.srs.recording;

import java.util.List;

/** What becomes of an OPTIONS ping: 200, or 503 while full or stopping, or 420. */
public sealed interface OptionsOutcome permits OptionsOutcome.Reply, Refused {

  /**
   * @param reason the reason phrase, or null for the status's default
   * @param headers Retry-After (for a 503), Allow, Accept, Supported: set, not added
   */
  record Reply(int status, String reason, List<ResponseHeader> headers) implements OptionsOutcome {
    public Reply {
      headers = List.copyOf(headers);
    }
  }
}
