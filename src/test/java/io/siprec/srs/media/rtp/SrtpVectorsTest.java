package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.SrtpSuite;
import io.siprec.srs.testsupport.HexVectors;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The RFCs' own test vectors (src/test/resources/srtp/rfc/README.md): AES-CM keystream and key
 * derivation (RFC 3711 Appendix B.2, B.3; AES-256: RFC 6188 §7), and whole AES-GCM SRTP and SRTCP
 * packets (RFC 7714 §16, §17), through the code the receivers use.
 */
class SrtpVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void aesCounterModeKeystreamIsRfc3711AppendixB2() throws Exception {
    keystreamMatches(HexVectors.read("srtp/rfc/rfc3711-b2-aes-cm-keystream.txt"));
  }

  @Test
  void aes256CounterModeKeystreamIsRfc6188Section7() throws Exception {
    keystreamMatches(HexVectors.read("srtp/rfc/rfc6188-7-aes-256.txt"));
  }

  @Test
  void keyDerivationIsRfc3711AppendixB3() throws Exception {
    Map<String, byte[]> v = HexVectors.read("srtp/rfc/rfc3711-b3-key-derivation.txt");
    derivationMatches(v, v.get("auth-key").length);
  }

  @Test
  void aes256KeyDerivationIsRfc6188Section7() throws Exception {
    Map<String, byte[]> v = HexVectors.read("srtp/rfc/rfc6188-7-aes-256.txt");
    derivationMatches(v, 20);
  }

  @Test
  void gcmSrtpPacketsOfRfc7714Section16Decrypt() {
    Map<String, byte[]> v = HexVectors.read("srtp/rfc/rfc7714-16-srtp-gcm.txt");
    for (String size : new String[] {"128", "256"}) {
      SrtpSuite suite =
          size.equals("128") ? SrtpSuite.AEAD_AES_128_GCM : SrtpSuite.AEAD_AES_256_GCM;
      SrtpReceiver receiver =
          SrtpReceiver.withSessionKeys(suite, v.get("aes-" + size + "-key"), null, v.get("salt"));
      ByteBuffer packet = ByteBuffer.wrap(v.get("aes-" + size + "-srtp").clone());
      assertThat(receiver.unprotect(packet)).as(suite.name()).isNull();
      assertThat(packet).as(suite.name()).isEqualTo(ByteBuffer.wrap(v.get("rtp")));

      byte[] tampered = v.get("aes-" + size + "-srtp").clone();
      tampered[20] ^= 1;
      assertThat(
              SrtpReceiver.withSessionKeys(
                      suite, v.get("aes-" + size + "-key"), null, v.get("salt"))
                  .unprotect(ByteBuffer.wrap(tampered)))
          .isNotNull();
    }
  }

  @Test
  void gcmSrtcpPacketsOfRfc7714Section17DecryptEncryptedAndNot() {
    Map<String, byte[]> v = HexVectors.read("srtp/rfc/rfc7714-17-srtcp-gcm.txt");
    for (String size : new String[] {"128", "256"}) {
      SrtpSuite suite =
          size.equals("128") ? SrtpSuite.AEAD_AES_128_GCM : SrtpSuite.AEAD_AES_256_GCM;
      for (String form : new String[] {"-srtcp", "-srtcp-unencrypted"}) {
        SrtcpReceiver receiver =
            SrtcpReceiver.withSessionKeys(
                suite, v.get("aes-" + size + "-key"), null, v.get("salt"));
        ByteBuffer packet = ByteBuffer.wrap(v.get("aes-" + size + form).clone());
        assertThat(receiver.unprotect(packet)).as(suite + form).isNull();
        assertThat(packet).as(suite + form).isEqualTo(ByteBuffer.wrap(v.get("rtcp")));
      }
    }
  }

  private static void keystreamMatches(Map<String, byte[]> v) throws Exception {
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(v.get("session-key"), "AES"));
    byte[] counters = new byte[64];
    byte[] keystream = new byte[64];
    int checked = 0;
    for (Map.Entry<String, byte[]> e : v.entrySet()) {
      if (!e.getKey().startsWith("block-")) {
        continue;
      }
      long block = Long.parseLong(e.getKey().substring(6), 16);
      byte[] zeros = new byte[16];
      AesCounterMode.xor(ecb, v.get("iv"), block, zeros, 0, 16, counters, keystream);
      assertThat(HEX.formatHex(zeros))
          .as(e.getKey())
          .isEqualToIgnoringCase(HEX.formatHex(e.getValue()));
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(3);
    // Several blocks in one call, as a packet uses them.
    byte[] three = new byte[40];
    AesCounterMode.xor(ecb, v.get("iv"), 0, three, 0, 40, counters, keystream);
    assertThat(Arrays.copyOfRange(three, 32, 40)).isEqualTo(Arrays.copyOf(v.get("block-0002"), 8));
  }

  private static void derivationMatches(Map<String, byte[]> v, int authLength) throws Exception {
    Cipher prf = Cipher.getInstance("AES/ECB/NoPadding");
    prf.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(v.get("master-key"), "AES"));
    byte[] salt = SrtpKeyDerivation.prfSalt(v.get("master-salt"));
    byte[] block = new byte[32];
    byte[] cipherKey = new byte[v.get("cipher-key").length];
    byte[] cipherSalt = new byte[14];
    byte[] authKey = new byte[authLength];
    SrtpKeyDerivation.derive(
        prf, salt, SrtpKeyDerivation.SRTP_ENCRYPTION, 0, cipherKey, cipherKey.length, block);
    SrtpKeyDerivation.derive(prf, salt, SrtpKeyDerivation.SRTP_SALT, 0, cipherSalt, 14, block);
    SrtpKeyDerivation.derive(
        prf, salt, SrtpKeyDerivation.SRTP_AUTHENTICATION, 0, authKey, authLength, block);
    assertThat(cipherKey).isEqualTo(v.get("cipher-key"));
    assertThat(cipherSalt).isEqualTo(v.get("cipher-salt"));
    assertThat(authKey).isEqualTo(v.get("auth-key"));
  }
}
