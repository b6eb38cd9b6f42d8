package io.siprec.srs.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.config.Settings;
import io.siprec.srs.testsupport.Keytool;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SipTlsKeystoreTest {
  private static final String PASSWORD = "test-only-secret";

  @TempDir Path dir;

  @Test
  void rsaAndEcKeysInPkcs12AndJksStoresAreAccepted() {
    Keytool keytool = Keytool.in(dir, PASSWORD);
    Path rsa = keytool.rsaKeyPair("rsa.p12", "PKCS12", "srs", "CN=srs");
    Path ec = keytool.ecKeyPair("ec.jks", "JKS", "srs", "CN=srs");

    assertThat(SipTlsKeystore.problems(settings(rsa, "PKCS12", PASSWORD, Map.of()))).isEmpty();
    // JAIN-SIP opens the truststore (here the keystore itself) as the default type, PKCS12; Java 17
    // reads JKS that way too.
    assertThat(SipTlsKeystore.problems(settings(ec, "JKS", PASSWORD, Map.of()))).isEmpty();
  }

  @Test
  void aWrongPasswordOrTypeIsNamedWithTheFileButNotThePassword() {
    Path rsa = Keytool.in(dir, PASSWORD).rsaKeyPair("rsa.p12", "PKCS12", "srs", "CN=srs");

    assertThat(SipTlsKeystore.problems(settings(rsa, "PKCS12", "not-the-password", Map.of())))
        .hasSize(1) // not twice, though the keystore is the truststore too
        .allMatch(
            p ->
                p.contains(rsa.toString())
                    && p.contains("cannot open it as")
                    && !p.contains("not-the-password"));
    assertThat(SipTlsKeystore.problems(settings(rsa, "NOSUCHTYPE", PASSWORD, Map.of())))
        .anyMatch(
            p -> p.startsWith("srs.sip.tls.keystore " + rsa + ": cannot open it as NOSUCHTYPE"));
    assertThat(
            SipTlsKeystore.problems(
                settings(dir.resolve("missing.p12"), "PKCS12", PASSWORD, Map.of())))
        .contains(
            "srs.sip.tls.keystore " + dir.resolve("missing.p12") + ": no readable file there");
  }

  @Test
  void aKeyNoOfferedTls12SuiteCanUseStopsTheStart() {
    Path ec = Keytool.in(dir, PASSWORD).ecKeyPair("ec.p12", "PKCS12", "srs", "CN=srs");
    Map<String, String> rsaSuitesOnly =
        Map.of(
            "srs.sip.tls.cipher-suites",
            "TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

    assertThat(SipTlsKeystore.problems(settings(ec, "PKCS12", PASSWORD, rsaSuitesOnly)))
        .containsExactly(
            "srs.sip.tls.keystore "
                + ec
                + " holds EC keys but no TLS 1.2 suite in srs.sip.tls.cipher-suites can use "
                + "them (an EC key needs TLS_ECDHE_ECDSA_..., an RSA key TLS_ECDHE_RSA_...): TLS 1.2 clients would fail");
    // Without TLS 1.2 the suite list is only for TLS 1.3, where any key signs.
    Map<String, String> tls13Only = new HashMap<>(rsaSuitesOnly);
    tls13Only.put("srs.sip.tls.protocols", "TLSv1.3");
    assertThat(SipTlsKeystore.problems(settings(ec, "PKCS12", PASSWORD, tls13Only))).isEmpty();
  }

  @Test
  void tls12SuitesNameTheKeyTheyNeed() {
    assertThat(SipTlsKeystore.tls12KeyType("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"))
        .isEqualTo("EC");
    assertThat(SipTlsKeystore.tls12KeyType("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"))
        .isEqualTo("RSA");
    assertThat(SipTlsKeystore.tls12KeyType("TLS_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo("RSA");
    assertThat(SipTlsKeystore.tls12KeyType("TLS_DHE_DSS_WITH_AES_128_GCM_SHA256")).isEqualTo("DSA");
    assertThat(SipTlsKeystore.tls12KeyType("TLS_AES_256_GCM_SHA384")).isNull();
  }

  private static Settings settings(
      Path keystore, String type, String password, Map<String, String> more) {
    Map<String, String> values = new HashMap<>(more);
    values.put("srs.sip.tls.port", "5061");
    values.put("srs.sip.tls.keystore", keystore.toString());
    values.put("srs.sip.tls.keystore-type", type);
    values.put("srs.sip.tls.keystore-password", password);
    return Settings.load(values::get, k -> null, null);
  }
}
