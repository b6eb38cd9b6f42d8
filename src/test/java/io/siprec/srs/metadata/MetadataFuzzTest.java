package io.siprec.srs.metadata;

import io.siprec.srs.testsupport.Fuzzer;
import org.junit.jupiter.api.Test;

/**
 * Hostile recording metadata into the secure reader: every dialect fixture and the hostile ones
 * (entity expansion, external entities, deep nesting), mutated. Only MetadataException may come
 * out (400 or 413), each input parsed in bounded time.
 */
class MetadataFuzzTest {
  private final MetadataReader reader = new MetadataReader(128 * 1024);

  @Test
  void mutatedMetadataIsReadOrRefusedCleanly() {
    Fuzzer.named("metadata", java.util.Set.of(MetadataException.class))
        .seedsFrom("metadata")
        .tokens("<", ">", "</", "/>", "<participant participant_id=\"x\">", "<stream stream_id=\"s\"><label>1</label>",
            "<send>", "<recv>", "<participantstreamassoc participant_id=\"x\">", "xmlns=\"urn:ietf:params:xml:ns:recording:1\"",
            "xmlns:tns=\"urn:ietf:params:xml:ns:recording\"", "<datamode>partial</datamode>", "&lt;", "&#0;",
            "&#x10FFFF;", "<![CDATA[", "]]>", "<!DOCTYPE x SYSTEM \"http://192.0.2.1/x\">", "<?xml-stylesheet?>",
            "\u00c3\u00a9", "\u00ff")
        .run(5000, 11L, reader::read);
  }
}
