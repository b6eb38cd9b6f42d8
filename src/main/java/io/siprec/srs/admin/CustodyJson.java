package io.siprec.srs.admin;

import io.siprec.srs.session.ArchivedRecording;
import io.siprec.srs.session.ErasureReport;
import io.siprec.srs.session.LegalHold;
import io.siprec.srs.session.json.SessionJson;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The JSON bodies of the archive custody API: legal holds, erasure requests and retention sweeps
 * (docs/recordings.md shows each with an example).
 */
public final class CustodyJson {
  private CustodyJson() {}

  /** {@code GET /api/sessions/<id>/hold}: {@code {"held": false}} or the hold. */
  public static String holdState(Optional<LegalHold> hold) {
    return write(
        g -> {
          g.write("held", hold.isPresent());
          hold.ifPresent(h -> writeHoldFields(g, h));
        });
  }

  /** A hold just put on or released. */
  public static String hold(LegalHold hold, boolean held) {
    return write(
        g -> {
          g.write("held", held);
          writeHoldFields(g, hold);
        });
  }

  /** {@code GET /api/holds}. */
  public static String holds(List<LegalHold> holds) {
    return write(
        g -> {
          g.writeStartArray("holds");
          for (LegalHold h : holds) {
            g.writeStartObject();
            writeHoldFields(g, h);
            g.writeEnd();
          }
          g.writeEnd();
        });
  }

  /** {@code POST /api/erasures}. */
  public static String erasure(String request, ErasureReport r) {
    return write(
        g -> {
          g.write("request", request);
          g.write("aorSha256", r.aorSha256());
          writeRecordings(g, "deleted", r.deleted(), true);
          writeRecordings(g, "held", r.held(), false);
          writeRecordings(g, "live", r.live(), false);
          g.writeStartArray("notSearchable");
          for (ErasureReport.NotSearchable n : r.notSearchable()) {
            g.writeStartObject();
            g.write("session", n.session());
            g.write("day", n.day());
            g.write("why", n.why());
            g.writeEnd();
          }
          g.writeEnd();
        });
  }

  /** {@code POST /api/archive/sweep}. */
  public static String swept(List<ArchivedRecording> deleted) {
    return write(g -> writeRecordings(g, "deleted", deleted, true));
  }

  private static void writeHoldFields(JsonGenerator g, LegalHold h) {
    g.write("session", h.session().value());
    g.write("day", h.day());
    g.write("by", h.by());
    g.write("at", h.at().toString());
    g.write("why", h.why());
  }

  private static void writeRecordings(
      JsonGenerator g, String name, List<ArchivedRecording> recordings, boolean withFiles) {
    g.writeStartArray(name);
    for (ArchivedRecording r : recordings) {
      g.writeStartObject();
      g.write("session", r.session());
      g.write("day", r.day());
      if (withFiles) {
        SessionJson.writeStrings(g, "files", r.files());
      }
      g.writeEnd();
    }
    g.writeEnd();
  }

  private static String write(Consumer<JsonGenerator> body) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = SessionJson.generator(out)) {
      g.writeStartObject();
      body.accept(g);
      g.writeEnd();
    }
    return out.toString();
  }
}
