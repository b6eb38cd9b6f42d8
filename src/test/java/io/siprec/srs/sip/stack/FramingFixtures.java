package io.siprec.srs.sip.stack;

import io.siprec.srs.testsupport.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The fixtures of src/test/resources/framing: SIP requests kept byte for byte as an SRC sends them
 * (bare LFs, compact forms, folding...), with placeholders in their header sections only, so their
 * Content-Length stays true: {srs}, {client}, {proxy} (host:port), {transport}, {branch}, {tag},
 * {call-id}.
 */
final class FramingFixtures {
  private FramingFixtures() {}

  static byte[] raw(String name) {
    return Fixtures.bytes("framing/" + name);
  }

  /** The fixture with its placeholders filled. */
  static byte[] filled(String name, Map<String, String> values) {
    String text = new String(raw(name), StandardCharsets.ISO_8859_1);
    for (Map.Entry<String, String> v : values.entrySet()) {
      text = text.replace("{" + v.getKey() + "}", v.getValue());
    }
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Placeholder values for a parser or framer test that sends nothing. */
  static byte[] offline(String name) {
    return filled(
        name,
        Map.of(
            "srs",
            "192.0.2.20:5060",
            "client",
            "192.0.2.10:5060",
            "proxy",
            "192.0.2.30:5060",
            "transport",
            "UDP",
            "branch",
            "z9hG4bKoffline",
            "tag",
            "offline",
            "call-id",
            "offline@192.0.2.10"));
  }
}
