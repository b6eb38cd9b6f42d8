package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha1Test {
  @Test
  void rfc2202TestCase2() {
    // RFC 2202 §3, test case 2: key "Jefe", data "what do ya want for nothing?"
    HmacSha1 hmac = new HmacSha1();
    byte[] key = "Jefe".getBytes();
    byte[] data = "what do ya want for nothing?".getBytes();
    hmac.init(key, 0, key.length);
    hmac.update(data, 0, data.length);
    byte[] tag = new byte[20];
    hmac.doFinal(tag, 0);
    assertThat(HexFormat.of().formatHex(tag)).isEqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  }

  @Test
  void agreesWithTheJdksMacOverManyMessagesInARow() throws Exception {
    Random random = new Random(3711);
    byte[] key = new byte[20];
    random.nextBytes(key);
    HmacSha1 ours = new HmacSha1();
    ours.init(key, 0, 20);
    Mac jdk = Mac.getInstance("HmacSHA1");
    jdk.init(new SecretKeySpec(key, "HmacSHA1"));
    byte[] tag = new byte[24];
    for (int n = 0; n < 300; n++) {
      byte[] message = new byte[n * 7];
      random.nextBytes(message);
      ours.update(message, 0, message.length / 2);
      ours.update(message, message.length / 2, message.length - message.length / 2);
      ours.doFinal(tag, 2);
      assertThat(Arrays.copyOfRange(tag, 2, 22)).isEqualTo(jdk.doFinal(message));
    }
  }
}
