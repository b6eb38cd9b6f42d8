package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.offer.sdp.SdpKeyMasking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ladder masks a message's whole body, not an SDP alone: the keys inside a multipart body with
 * CRLF lines go, the other parts (the metadata XML) stay.
 */
class SipLadderMaskingTest {

  @Test
  void aMultipartBodyKeepsEverythingButItsInlineKeys() throws IOException {
    String invite =
        Files.readString(
            Path.of("src/test/resources/siprec-corpus/11_cpaas_twilio_style_invite.sip"));
    // The keys as the fixture writes them, read here independently of the masking's own pattern.
    Matcher keys = Pattern.compile("inline:([A-Za-z0-9+/=]{20,})").matcher(invite);
    List<String> inlineKeys = keys.results().map(r -> r.group(1)).toList();
    assertThat(inlineKeys).hasSize(2);

    String body = invite.substring(invite.indexOf("\r\n\r\n") + 4);
    String masked = SdpKeyMasking.mask(body);

    assertThat(masked).doesNotContain(inlineKeys.get(0)).doesNotContain(inlineKeys.get(1));
    assertThat(masked)
        .contains("inline:" + SdpKeyMasking.MASK, "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:")
        .contains("<recording xmlns='urn:ietf:params:xml:ns:recording:1'>", "</recording>");
    assertThat(masked.lines().count()).isEqualTo(body.lines().count());
  }
}
