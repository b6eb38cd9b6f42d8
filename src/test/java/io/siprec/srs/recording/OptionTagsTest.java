package io.siprec.srs.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionTagsTest {

  @Test
  void readsListsAcrossHeadersAndCase() {
    List<String> tags = OptionTags.parse(List.of("SipRec, x-unknown-ext", " 100rel ").iterator());
    assertThat(tags).containsExactly("siprec", "x-unknown-ext", "100rel");
  }

  @Test
  void namesWhatWeDoNotSupport() {
    assertThat(OptionTags.unsupported(List.of("siprec", "x-unknown-ext", "x-unknown-ext")))
        .containsExactly("x-unknown-ext");
    assertThat(OptionTags.unsupported(List.of("siprec"))).isEmpty();
  }

  @Test
  void emptyHeadersAreNoTags() {
    // BroadWorks sends an empty Supported: header.
    assertThat(OptionTags.parse(List.of("").iterator())).isEmpty();
    assertThat(OptionTags.parse(null)).isEmpty();
  }

  @Test
  void reasonPhrasesAreOnePrintableLine() {
    assertThat(Refused.reasonPhrase("bad\r\nthing é")).isEqualTo("bad??thing ?");
    assertThat(Refused.reasonPhrase("x".repeat(300))).hasSize(120).endsWith("...");
  }
}
