package io.siprec.srs.admin;

import io.siprec.srs.session.json.CallSummaryJson;
import io.siprec.srs.session.json.SessionJson;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.time.Instant;

/** {@code GET /api/calls}: one page of a search (docs/admin.md, "Find a call"). */
public final class CallsJson {
  private CallsJson() {}

  /**
   * @param indexCapacity archived sessions the index holds at most
   * @param leftOutOfIndex archived sessions on disk that search cannot see (the index was full)
   */
  public static String page(
      Instant at, CallSearch.Page page, int indexCapacity, long leftOutOfIndex) {
    StringWriter out = new StringWriter(4096);
    try (JsonGenerator g = SessionJson.generator(out)) {
      g.writeStartObject();
      g.write("at", at.toString());
      g.write("total", page.total());
      g.write("offset", page.offset());
      g.write("limit", page.limit());
      g.write("more", page.more());
      g.writeStartObject("index");
      g.write("capacity", indexCapacity);
      g.write("leftOut", leftOutOfIndex);
      g.writeEnd();
      g.writeStartArray("calls");
      for (var c : page.calls()) {
        g.writeStartObject();
        CallSummaryJson.write(g, c);
        g.writeEnd();
      }
      g.writeEnd();
      g.writeEnd();
    }
    return out.toString();
  }
}
