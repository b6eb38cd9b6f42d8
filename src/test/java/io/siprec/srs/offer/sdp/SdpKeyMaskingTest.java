package io.siprec.srs.offer.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpKeyMaskingTest {

  @Test
  void noKeyOfAnyKindSurvives() {
    String masked = SdpKeyMasking.mask(Fixtures.text("sdp/offer-keys-of-every-kind.sdp"));

    for (String key :
        List.of(
            "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj",
            "NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj",
            "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk",
            "c2VjcmV0LWstbGluZS1rZXk=",
            "AQAFgM0XflABAAAAAAAAAAAAAAsAyO",
            "dkEbCrpYORLoWmYR96/gBYoA2kfycyEeH9MtzPhq",
            "TZo1yh/WIq5HHmtnji3b6YCuhUt3Tvz7orzCTPHd")) {
      assertThat(masked).doesNotContain(key);
    }
    assertThat(masked)
        .contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:********|2^31|1:4")
        .contains("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:********;inline:********|2^20")
        .contains(
            "a=CRYPTO:3 aes_cm_128_hmac_sha1_80 INLINE:********|2^31 FEC_KEY=inline:********|2^20|1:4")
        .contains("a=key-mgmt:mikey ********")
        .contains("k=********");
  }

  @Test
  void everyOtherLineIsLeftAsSent() {
    String offer = Fixtures.text("sdp/offer-keys-of-every-kind.sdp");
    List<String> before =
        offer
            .lines()
            .filter(
                l ->
                    !l.toLowerCase().startsWith("a=crypto")
                        && !l.startsWith("a=key-mgmt")
                        && !l.startsWith("k="))
            .toList();
    List<String> after =
        SdpKeyMasking.mask(offer)
            .lines()
            .filter(
                l ->
                    !l.toLowerCase().startsWith("a=crypto")
                        && !l.startsWith("a=key-mgmt")
                        && !l.startsWith("k="))
            .toList();
    assertThat(after).isEqualTo(before);
    assertThat(SdpKeyMasking.mask(Fixtures.text("sdp/offer-two-sendonly.sdp")))
        .isEqualTo(Fixtures.text("sdp/offer-two-sendonly.sdp"));
  }
}
