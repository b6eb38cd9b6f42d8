package io.siprec.srs.offer.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.testsupport.Fixtures;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every a=crypto form of RFC 4568 we were given or could think of
 * (src/test/resources/sdp/sdes/crypto-attributes.txt): accepted with the keys, MKIs, lifetimes and
 * session parameters it states, or refused with a reason an operator can act on.
 */
class SdesTest {
  record Case(String value, String expectation) {
    @Override
    public String toString() {
      return value;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String line : Fixtures.text("sdp/sdes/crypto-attributes.txt").split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] parts = line.split(" => ", 2);
        cases.add(new Case(parts[0], parts[1].strip()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsTheAttributeAsRfc4568Says(Case c) throws Exception {
    if (c.expectation().startsWith("refuse ")) {
      assertThatThrownBy(() -> Sdes.parse(c.value()))
          .isInstanceOf(Sdes.Unusable.class)
          .hasMessageContaining(c.expectation().substring("refuse ".length()));
      return;
    }
    String[] words = c.expectation().split(" ");
    Map<String, String> expected =
        Stream.of(words)
            .skip(2)
            .map(w -> w.split("=", 2))
            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    Sdes sdes = Sdes.parse(c.value());
    SrtpParameters p = sdes.parameters();
    assertThat(p.suite().sdesName()).isEqualTo(words[1]);
    assertThat(p.keys()).hasSize(Integer.parseInt(expected.get("keys")));
    assertThat(p.mkiLength()).isEqualTo(Integer.parseInt(expected.get("mki")));
    assertThat(p.keys().get(0).lifetime()).isEqualTo(Long.parseLong(expected.get("lifetime")));
    assertThat(p.session().keyDerivationRate())
        .isEqualTo(Integer.parseInt(expected.getOrDefault("kdr", "0")));
    assertThat(p.session().windowSizeHint())
        .isEqualTo(Integer.parseInt(expected.getOrDefault("wsh", "0")));
    List<String> answer =
        expected.containsKey("answer") ? List.of(expected.get("answer").split(",")) : List.of();
    assertThat(sdes.negotiated()).isEqualTo(answer);
    assertThat(p.session().unencryptedSrtp()).isEqualTo(answer.contains("UNENCRYPTED_SRTP"));
    assertThat(p.session().unencryptedSrtcp()).isEqualTo(answer.contains("UNENCRYPTED_SRTCP"));
    assertThat(p.session().unauthenticatedSrtp())
        .isEqualTo(answer.contains("UNAUTHENTICATED_SRTP"));
    // The key is the base64 of key||salt, whatever the padding.
    String inline = c.value().split("inline:")[1].split("[|; ]")[0];
    byte[] material = Base64.getDecoder().decode(inline);
    assertThat(
            HexFormat.of().formatHex(p.keys().get(0).key())
                + HexFormat.of().formatHex(p.keys().get(0).salt()))
        .isEqualTo(HexFormat.of().formatHex(material));
  }

  @Test
  void theMkiIsWrittenBigEndianInItsLength() throws Exception {
    Sdes sdes =
        Sdes.parse(
            "1 AES_CM_128_HMAC_SHA1_80 inline:YUJDZGVmZ2hpSktMbW9QUXJzVHVWd3l6MTIzNDU2|1066:4");
    assertThat(sdes.parameters().keys().get(0).mki()).containsExactly(0, 0, 0x04, 0x2a);
    Sdes two =
        Sdes.parse(
            "3 AES_CM_128_HMAC_SHA1_80 inline:dkEbCrpYORLoWmYR96/gBYoA2kfycyEeH9MtzPhq|2^31|255:1;"
                + "inline:TZo1yh/WIq5HHmtnji3b6YCuhUt3Tvz7orzCTPHd|1048576|2:1");
    assertThat(two.parameters().keys()).extracting(k -> k.mki()[0] & 0xff).containsExactly(255, 2);
    assertThat(two.parameters().keys())
        .extracting(k -> k.lifetime())
        .containsExactly(1L << 31, 1L << 20);
  }

  @Test
  void theLineChoosesTheFirstValidOfferWeCanDoAndSaysWhyEarlierOnesWereNot() {
    Sdes.Choice choice =
        Sdes.choose(
            List.of(
                "1 F8_128_HMAC_SHA1_80 inline:MTIzNDU2Nzg5QUJDREUwMTIzNDU2Nzg5QUJjZGVm|2^20|1:4",
                "2 AEAD_AES_256_GCM inline:dkEbCrpYORLoWmYR96/gBYoA2kfycyEeH9MtzPhq",
                "3 AES_CM_128_HMAC_SHA1_32 inline:dkEbCrpYORLoWmYR96/gBYoA2kfycyEeH9MtzPhq|2^31",
                "4 AEAD_AES_128_GCM inline:D690E6ZdUUr/8w378Ak3w8rrjUtLpAcU+h5s9Q=="));
    assertThat(choice.chosen().tag()).isEqualTo("3");
    assertThat(choice.refusals())
        .containsExactly(
            "a=crypto:1 suite F8_128_HMAC_SHA1_80 not supported",
            "a=crypto:2 key||salt of 30 octets, AEAD_AES_256_GCM needs 44");
    assertThat(choice.chosen().answer(new byte[30]))
        .isEqualTo("3 AES_CM_128_HMAC_SHA1_32 inline:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  }
}
