package io.siprec.srs.offer.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContentTypeTest {

  @Test
  void typeIsLowerCasedAndParametersUnquoted() {
    ContentType t =
        ContentType.parse("Multipart/Mixed; Boundary=\"----=_Part_1;x\" ; charset=utf-8");
    assertThat(t.mediaType()).isEqualTo("multipart/mixed");
    assertThat(t.parameter("boundary")).isEqualTo("----=_Part_1;x");
    assertThat(t.parameter("CHARSET")).isEqualTo("utf-8");
    assertThat(t.isMultipart()).isTrue();
  }

  @Test
  void strayParametersAreIgnored() {
    assertThat(ContentType.parse("application/sdp;;flag").parameters()).isEmpty();
  }

  @Test
  void aTypeWithoutSubtypeIsRefused() {
    assertThatThrownBy(() -> ContentType.parse("multipart"))
        .isInstanceOf(MalformedBodyException.class);
    assertThatThrownBy(() -> ContentType.parse(" ")).isInstanceOf(MalformedBodyException.class);
  }
}
