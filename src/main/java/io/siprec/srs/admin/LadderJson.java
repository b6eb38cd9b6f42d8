package io.siprec.srs.admin;

import io.siprec.srs.session.SignallingLadders.Ladder;
import io.siprec.srs.session.SignallingLadders.LadderMessage;
import io.siprec.srs.session.json.SessionJson;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /api/ladder?session=<id>} and {@code ?refused=<Call-ID>}: the SIP messages of one
 * dialog in order, each with its offset from the first in milliseconds (docs/admin.md).
 */
public final class LadderJson {
  private LadderJson() {}

  public static String write(Ladder ladder) {
    StringWriter out = new StringWriter(4096);
    try (JsonGenerator g = SessionJson.generator(out)) {
      g.writeStartObject();
      g.write("callId", ladder.callId());
      ladder.sessionId().ifPresent(id -> g.write("sessionId", id.value()));
      g.write("maxMessages", ladder.bounds().messagesPerLadder());
      g.write("maxCharsPerMessage", ladder.bounds().charsPerMessage());
      g.write("omitted", ladder.omitted());
      g.writeStartArray("messages");
      Instant first = ladder.messages().isEmpty() ? null : ladder.messages().get(0).at();
      for (LadderMessage m : ladder.messages()) {
        g.writeStartObject();
        g.write("at", m.at().toString());
        g.write("offsetMs", Duration.between(first, m.at()).toMillis());
        g.write("direction", m.received() ? "received" : "sent");
        g.write("startLine", m.startLine());
        g.write("label", m.label());
        g.write("text", m.text());
        g.write("length", m.fullLength());
        g.write("truncated", m.truncated());
        g.writeEnd();
      }
      g.writeEnd();
      g.writeEnd();
    }
    return out.toString();
  }
}
