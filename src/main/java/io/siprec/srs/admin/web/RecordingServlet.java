package io.siprec.srs.admin.web;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.admin.ConsoleJson;
import io.siprec.srs.consumer.EncryptedRecordingFormat;
import io.siprec.srs.consumer.EncryptedRecordingReader;
import io.siprec.srs.consumer.RecordingDecryptionException;
import io.siprec.srs.session.RecordingFiles;
import io.siprec.srs.session.RecordingSessionId;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's recordings for playback and download (docs/admin.md, "Hear a recording"), behind the
 * console's login like the rest of {@code /api}:
 *
 * <ul>
 *   <li>{@code GET /api/recordings/<id>}: the files there are, as JSON;
 *   <li>{@code GET /api/recordings/<id>/<file>}: a file, {@code stream-<label>.wav}, {@code
 *       mix.wav} or {@code session.json} (the live snapshot while the call runs), with byte ranges
 *       (RFC 9110 section 14); {@code ?download} asks the browser to save it;
 *   <li>{@code GET /api/recordings/<id>/<file>/levels}: a WAV's level strip ({@link AudioLevels}).
 * </ul>
 *
 * Files encrypted at rest are decrypted on the fly, only the segments a range needs; a segment that
 * does not authenticate ends the answer with an error, never with its bytes.
 */
public class RecordingServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RecordingServlet.class);

  static final String WAV = "audio/wav";
  private static final String SESSION_JSON = "session.json";

  /** Names a session folder's file may have to be served; the archive writes no others of note. */
  private static final Pattern SERVED = Pattern.compile("stream-[A-Za-z0-9._-]+\\.wav|mix\\.wav");

  private static final Pattern PATH =
      Pattern.compile("/([0-9A-Za-z-]+)(?:/([A-Za-z0-9._-]+)(/levels)?)?");

  private transient AdminConsole console;

  @Override
  public void init() throws ServletException {
    console = AdminWeb.of(getServletContext()).console();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    Matcher path = PATH.matcher(req.getPathInfo() == null ? "" : req.getPathInfo());
    Optional<RecordingSessionId> id = path.matches() ? sessionId(path.group(1)) : Optional.empty();
    if (id.isEmpty()) {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("not a recording path"));
      return;
    }
    RecordingFiles files = console.files();
    Optional<Path> folder = files.folderOf(id.get());
    String name = path.group(2);
    if (name == null) {
      listing(resp, id.get(), folder);
      return;
    }
    boolean levels = path.group(3) != null;
    Optional<Path> stored = folder.flatMap(f -> stored(f, name));
    if (stored.isEmpty() && name.equals(SESSION_JSON) && !levels) {
      Optional<String> live = console.sessionJson(id.get());
      if (live.isPresent()) {
        resp.setHeader("Content-Disposition", disposition(req, id.get(), name));
        Responses.send(resp, 200, Responses.JSON, live.get());
        return;
      }
    }
    if (stored.isEmpty()) {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("no such file: " + name));
      return;
    }
    boolean wav = name.endsWith(".wav");
    if (levels && !wav) {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("levels are for WAV files"));
      return;
    }
    EncryptedRecordingReader.KeyEncryptionKeys keys =
        keyId -> files.keyEncryptionKey(keyId).orElse(null);
    try (RecordingBytes bytes = RecordingBytes.open(stored.get(), wav, keys)) {
      if (levels) {
        Responses.send(resp, 200, Responses.JSON, AudioLevels.of(bytes).json());
      } else {
        serve(req, resp, bytes, wav ? WAV : Responses.JSON, disposition(req, id.get(), name));
      }
    } catch (RecordingDecryptionException e) {
      LOG.warn("recording not served: {}", e.getMessage());
      fail(resp, 500, "cannot decrypt: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      fail(resp, 422, e.getMessage());
    }
  }

  /** A file, whole or the range asked (RFC 9110 section 14.2), never cached. */
  private static void serve(
      HttpServletRequest req,
      HttpServletResponse resp,
      RecordingBytes bytes,
      String type,
      String disposition)
      throws IOException, RecordingDecryptionException {
    long length = bytes.length();
    resp.setHeader("Accept-Ranges", "bytes");
    resp.setHeader("Cache-Control", "no-store");
    ByteRange.Asked asked = ByteRange.parse(req.getHeader("Range"), length);
    if (asked instanceof ByteRange.Unsatisfiable) {
      resp.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
      resp.setHeader("Content-Range", ByteRange.unsatisfied(length));
      resp.setContentLength(0);
      return;
    }
    resp.setContentType(type);
    resp.setHeader("Content-Disposition", disposition);
    long from = 0;
    long count = length;
    if (asked instanceof ByteRange.Part part) {
      resp.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
      resp.setHeader("Content-Range", part.range().contentRange(length));
      from = part.range().first();
      count = part.range().length();
    } else {
      resp.setStatus(HttpServletResponse.SC_OK);
    }
    resp.setHeader("Content-Length", Long.toString(count)); // servlet 3.0: no setContentLengthLong
    if (req.getMethod().equals("HEAD")) {
      return;
    }
    OutputStream out = resp.getOutputStream();
    bytes.copy(from, count, out);
    out.flush();
  }

  /**
   * An error instead of the file; once part of the file has gone out the status cannot change, so
   * the connection is cut short of its Content-Length, which a client reports as a failed transfer.
   */
  private static void fail(HttpServletResponse resp, int status, String message)
      throws IOException {
    if (resp.isCommitted()) {
      throw new IOException("answer cut short: " + message);
    }
    resp.reset();
    Responses.send(resp, status, Responses.JSON, ConsoleJson.error(message));
  }

  /** What is there to hear and fetch, for the console's session view. */
  private void listing(HttpServletResponse resp, RecordingSessionId id, Optional<Path> folder)
      throws IOException {
    Map<String, Path> found = new TreeMap<>();
    if (folder.isPresent() && Files.isDirectory(folder.get())) {
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder.get())) {
        for (Path p : dir) {
          String name = plainName(p.getFileName().toString());
          if (SERVED.matcher(name).matches() || name.equals(SESSION_JSON)) {
            found.put(name, p);
          }
        }
      }
    }
    boolean liveJson = !found.containsKey(SESSION_JSON) && console.sessionJson(id).isPresent();
    if (found.isEmpty() && !liveJson) {
      Responses.send(resp, 404, Responses.JSON, ConsoleJson.error("no recording of this session"));
      return;
    }
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (Map.Entry<String, Path> e : found.entrySet()) {
      String name = e.getKey();
      JsonObjectBuilder f =
          Json.createObjectBuilder()
              .add("name", name)
              .add("kind", kind(name))
              .add("encrypted", !name.equals(e.getValue().getFileName().toString()))
              .add("storedBytes", Files.size(e.getValue()));
      if (name.startsWith("stream-")) {
        f.add("label", name.substring("stream-".length(), name.length() - ".wav".length()));
      }
      list.add(f);
    }
    if (liveJson) {
      list.add(
          Json.createObjectBuilder()
              .add("name", SESSION_JSON)
              .add("kind", "session")
              .add("live", true));
    }
    Responses.send(
        resp,
        200,
        Responses.JSON,
        Json.createObjectBuilder()
            .add("id", id.toString())
            .add("archived", folder.isPresent())
            .add("files", list)
            .build()
            .toString());
  }

  private static String kind(String name) {
    return name.equals(SESSION_JSON) ? "session" : name.equals("mix.wav") ? "mix" : "stream";
  }

  /** The file under {@code name} in the folder, plain or encrypted at rest. */
  private static Optional<Path> stored(Path folder, String name) {
    if (!SERVED.matcher(name).matches() && !name.equals(SESSION_JSON)) {
      return Optional.empty();
    }
    for (Path p :
        new Path[] {folder.resolve(name), folder.resolve(name + EncryptedRecordingFormat.SUFFIX)}) {
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String plainName(String stored) {
    return stored.endsWith(EncryptedRecordingFormat.SUFFIX)
        ? stored.substring(0, stored.length() - EncryptedRecordingFormat.SUFFIX.length())
        : stored;
  }

  /**
   * RFC 6266 section 4: {@code attachment} asks the browser to save it; the name (letters, digits,
   * dot, dash, underscore only, checked above) carries the session id so saved files do not clash.
   */
  private static String disposition(HttpServletRequest req, RecordingSessionId id, String name) {
    String type = req.getParameter("download") != null ? "attachment" : "inline";
    return type + "; filename=\"" + id + "-" + name + "\"";
  }

  private static Optional<RecordingSessionId> sessionId(String text) {
    try {
      return Optional.of(new RecordingSessionId(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
