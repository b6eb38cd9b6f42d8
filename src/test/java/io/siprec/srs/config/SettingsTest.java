package io.siprec.srs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  @Test
  void systemPropertyBeatsEnvironmentBeatsFileBeatsDefault() throws Exception {
    Files.writeString(
        dir.resolve("srs.properties"),
        "srs.sip.port=5001\nsrs.media.port-min=21000\nsrs.broker.port=7000\n");
    Map<String, String> env = Map.of("SRS_SIP_PORT", "5002", "SRS_MEDIA_PORT_MIN", "22000");
    Map<String, String> props = Map.of("srs.sip.port", "5003");

    Settings s = Settings.load(props::get, env::get, dir);

    assertThat(s.intValue(Setting.SIP_PORT)).isEqualTo(5003);
    assertThat(s.intValue(Setting.MEDIA_PORT_MIN)).isEqualTo(22000);
    assertThat(s.intValue(Setting.BROKER_PORT)).isEqualTo(7000);
    assertThat(s.intValue(Setting.MEDIA_PORT_MAX)).isEqualTo(29999);
    assertThat(s.describe().get("srs.sip.port"))
        .containsExactly("5003", "system property srs.sip.port");
    assertThat(s.describe().get("srs.media.port-max")[1]).isEqualTo("default");
  }

  @Test
  void defaultsBindToLoopbackOnTheStandardPorts() {
    Settings s = Settings.load(k -> null, k -> null, null);
    assertThat(s.get(Setting.SIP_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(s.intValue(Setting.SIP_PORT)).isEqualTo(5060);
    assertThat(s.get(Setting.MEDIA_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(s.intValue(Setting.MEDIA_PORT_MIN)).isEqualTo(20000);
    assertThat(s.intValue(Setting.MEDIA_PORT_MAX)).isEqualTo(29999);
    assertThat(s.getOr(Setting.MEDIA_PUBLIC_ADDRESS, Setting.MEDIA_ADDRESS)).isEqualTo("127.0.0.1");
  }

  @Test
  void listsEveryProblemAtOnce() throws Exception {
    Files.writeString(dir.resolve("srs.properties"), "srs.sip.prot=5060\n");
    Map<String, String> env =
        Map.of(
            "SRS_SIP_PORT",
            "70000",
            "SRS_MEDIA_ADDRESS",
            "rtp.example.com",
            "SRS_JMS_EMBEDDED_BROKER",
            "yes",
            "SRS_JMS_PASSWORD",
            "s3cret",
            "SRS_AUDIO_CHUNK_MS",
            "5");

    assertThatThrownBy(() -> Settings.load(k -> null, env::get, dir))
        .isInstanceOf(InvalidSettingsException.class)
        .satisfies(
            e ->
                assertThat(((InvalidSettingsException) e).problems())
                    .containsExactlyInAnyOrder(
                        "srs.sip.port=70000 (environment SRS_SIP_PORT): must be between 1 and 65535",
                        "srs.media.address=rtp.example.com (environment SRS_MEDIA_ADDRESS): must be a literal IPv4 or IPv6 address",
                        "srs.jms.embedded-broker=yes (environment SRS_JMS_EMBEDDED_BROKER): must be true or false",
                        "srs.sip.prot in srs.properties: unknown setting",
                        "srs.audio.chunk-ms must be between 10 and 1000"));
  }

  @Test
  void sipOverTlsOffersTls13AndForwardSecretAeadSuitesByDefault() {
    Settings s = Settings.load(k -> null, k -> null, null);
    assertThat(s.listValue(Setting.SIP_TLS_PROTOCOLS)).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(s.listValue(Setting.SIP_TLS_CIPHER_SUITES))
        .allMatch(
            suite ->
                SipTlsOffer.isTls13Suite(suite)
                    || suite.matches(
                        "TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)"))
        .contains(
            "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void unknownOrObsoleteTlsNamesStopTheStart() {
    Map<String, String> env =
        Map.of(
            "SRS_SIP_TLS_PROTOCOLS",
            "TLSv1.3, TLSv1.1,TLSv9",
            "SRS_SIP_TLS_CIPHER_SUITES",
            "TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265,"
                + "TLS_RSA_WITH_3DES_EDE_CBC_SHA,TLS_EMPTY_RENEGOTIATION_INFO_SCSV");

    assertThatThrownBy(() -> Settings.load(k -> null, env::get, null))
        .isInstanceOf(InvalidSettingsException.class)
        .satisfies(
            e ->
                assertThat(((InvalidSettingsException) e).problems())
                    .containsExactlyInAnyOrder(
                        "srs.sip.tls.protocols: 'TLSv1.1' is unknown or obsolete; use TLSv1.3 and/or TLSv1.2",
                        "srs.sip.tls.protocols: 'TLSv9' is unknown or obsolete; use TLSv1.3 and/or TLSv1.2",
                        "srs.sip.tls.cipher-suites: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265' is not a cipher suite this Java "
                            + "runtime supports (unknown name, or disabled by jdk.tls.disabledAlgorithms)",
                        "srs.sip.tls.cipher-suites: 'TLS_RSA_WITH_3DES_EDE_CBC_SHA' is not a cipher suite this Java "
                            + "runtime supports (unknown name, or disabled by jdk.tls.disabledAlgorithms)",
                        "srs.sip.tls.cipher-suites: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV' is a signalling value, not a cipher suite"));
  }

  @Test
  void everyOfferedTlsVersionNeedsASuiteOfItsOwn() {
    Map<String, String> onlyTls12Suites =
        Map.of("SRS_SIP_TLS_CIPHER_SUITES", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    assertThatThrownBy(() -> Settings.load(k -> null, onlyTls12Suites::get, null))
        .satisfies(
            e ->
                assertThat(((InvalidSettingsException) e).problems())
                    .containsExactly(
                        "srs.sip.tls.cipher-suites names no TLS 1.3 suite (TLS_AES_..., TLS_CHACHA20_...) "
                            + "but srs.sip.tls.protocols offers TLSv1.3"));
    Map<String, String> onlyTls13Suites =
        Map.of("SRS_SIP_TLS_CIPHER_SUITES", "TLS_AES_128_GCM_SHA256");
    assertThatThrownBy(() -> Settings.load(k -> null, onlyTls13Suites::get, null))
        .satisfies(
            e ->
                assertThat(((InvalidSettingsException) e).problems())
                    .containsExactly(
                        "srs.sip.tls.cipher-suites names no TLS 1.2 suite (TLS_ECDHE_..._WITH_...) "
                            + "but srs.sip.tls.protocols offers TLSv1.2"));

    Map<String, String> misspeltTls12Suite =
        Map.of(
            "SRS_SIP_TLS_CIPHER_SUITES",
            "TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA265");
    assertThatThrownBy(() -> Settings.load(k -> null, misspeltTls12Suite::get, null))
        .satisfies(
            e ->
                assertThat(((InvalidSettingsException) e).problems())
                    .contains(
                        "srs.sip.tls.cipher-suites names no TLS 1.2 suite (TLS_ECDHE_..._WITH_...) "
                            + "but srs.sip.tls.protocols offers TLSv1.2"));

    Map<String, String> tls13Only =
        Map.of(
            "SRS_SIP_TLS_PROTOCOLS",
            "TLSv1.3",
            "SRS_SIP_TLS_CIPHER_SUITES",
            "TLS_AES_128_GCM_SHA256");
    assertThat(Settings.load(k -> null, tls13Only::get, null).listValue(Setting.SIP_TLS_PROTOCOLS))
        .containsExactly("TLSv1.3");
  }

  @Test
  void secretsAreMaskedWhenShown() {
    Settings s = Settings.load(Map.of("srs.jms.password", "s3cret")::get, k -> null, null);
    assertThat(s.describe().get("srs.jms.password")[0]).isEqualTo("********");
    assertThat(s.get(Setting.JMS_PASSWORD)).isEqualTo("s3cret");
  }

  @Test
  void environmentNamesAreDerivedFromKeys() {
    assertThat(Setting.MEDIA_PORT_MIN.environmentName()).isEqualTo("SRS_MEDIA_PORT_MIN");
    assertThat(Setting.JMS_EMBEDDED_BROKER.environmentName()).isEqualTo("SRS_JMS_EMBEDDED_BROKER");
  }
}
