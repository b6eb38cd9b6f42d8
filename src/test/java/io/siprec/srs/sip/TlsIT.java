package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.Keytool;
import io.siprec.srs.testsupport.OpenSslClient;
import io.siprec.srs.testsupport.OpenSslServer;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * SIP over TLS against real peers: our own SIP client for a recorded call with client certificates,
 * and {@code openssl s_client} from Debian for what the server offers (protocol versions, cipher
 * suites, RSA and ECDSA keys, client-certificate modes). Keys are made at test time with the JDK's
 * keytool; nothing secret is committed.
 */
class TlsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PASSWORD = "test-only-secret";

  /**
   * What the server may pick for TLS 1.2, in OpenSSL's names: ECDHE, then AES-GCM or
   * ChaCha20-Poly1305.
   */
  private static final String FORWARD_SECRET_AEAD =
      "ECDHE-%s-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)";

  @Test
  void anSrcWithATrustedCertificateRecordsOverTlsOthersAreTurnedAway() throws Exception {
    Keytool keytool =
        Keytool.in(SrsServerProcess.projectDir().resolve("target/it-work/tls-keys"), PASSWORD);
    keytool.rsaKeyPair("server.p12", "PKCS12", "srs", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1");
    keytool.rsaKeyPair("client.p12", "PKCS12", "src", "CN=test-src");
    keytool.trust("client.p12", "PKCS12", "src", "server-trust.p12");
    keytool.trust("server.p12", "PKCS12", "srs", "client-trust.p12");
    Path serverPem = keytool.exportPem("server.p12", "PKCS12", "srs", "server.pem");
    Path dir = keytool.dir();
    int tlsPort = freeTcpPort();

    try (SrsServerProcess server =
            SrsServerProcess.named("tls")
                .env("SRS_SIP_TLS_PORT", String.valueOf(tlsPort))
                .env("SRS_SIP_TLS_KEYSTORE", dir.resolve("server.p12").toString())
                .env("SRS_SIP_TLS_KEYSTORE_PASSWORD", PASSWORD)
                .env("SRS_SIP_TLS_TRUSTSTORE", dir.resolve("server-trust.p12").toString())
                .env("SRS_SIP_TLS_CLIENT_AUTH", "require")
                .start();
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin())) {
      assertThat(server.log()).doesNotContain(PASSWORD);

      SSLContext trusted = context(dir.resolve("client.p12"), dir.resolve("client-trust.p12"));
      try (SipClient sbc = SipClient.overTls(server, tlsPort, trusted)) {
        assertThat(sbc.exchange(sbc.options(), WAIT).status()).isEqualTo(200);
        int mark = jms.mark();
        SipClient.Sent invite =
            sbc.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
        SipClient.Response ok = sbc.exchange(invite, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("a=recvonly");
        sbc.ack(invite, ok);
        String id = jms.awaitSessionStartedAfter(mark, WAIT);
        assertThat(
                jms.awaitEvent(id, "session.started", WAIT)
                    .json()
                    .getJsonObject("session")
                    .getString("srcAddress"))
            .endsWith("/TLS");
        assertThat(sbc.bye(invite, ok).status()).isEqualTo(200);
        jms.awaitEvent(id, "session.ended", WAIT);
      }

      SSLContext noCertificate = context(null, dir.resolve("client-trust.p12"));
      assertThatThrownBy(
              () -> {
                try (SipClient stranger = SipClient.overTls(server, tlsPort, noCertificate)) {
                  stranger.exchange(stranger.options(), Duration.ofSeconds(3));
                }
              })
          .as("no client certificate")
          .isInstanceOfAny(UncheckedIOException.class, AssertionError.class);

      SSLContext trustsNothingOfOurs = context(dir.resolve("client.p12"), null);
      assertThatThrownBy(() -> SipClient.overTls(server, tlsPort, trustsNothingOfOurs))
          .as("server certificate not trusted")
          .isInstanceOf(UncheckedIOException.class);

      // The same with openssl: required client certificates under TLS 1.3 and 1.2.
      Path clientPem = OpenSslClient.pemOf(dir.resolve("client.p12"), PASSWORD);
      for (String version : List.of("-tls1_3", "-tls1_2")) {
        OpenSslClient.Result withCertificate =
            options(tlsPort, serverPem, version, "-cert", clientPem.toString());
        assertThat(withCertificate.output()).as("%s", withCertificate).contains("SIP/2.0 200 OK");
        assertThat(withCertificate.protocol())
            .as("%s", withCertificate)
            .isEqualTo(version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2");
        OpenSslClient.Result without = options(tlsPort, serverPem, version);
        assertThat(without.output()).as("%s", without).doesNotContain("SIP/2.0");
        assertThat(without.exit()).as("%s", without).isNotZero();
      }
    }
  }

  /**
   * An RSA key in a JKS keystore, client certificates wanted. The server's JVM runs with TLS 1.0
   * and 1.1 taken off the JDK's own disabled list, so that only our configuration can refuse them;
   * each refused client command completes against a permissive openssl server first.
   */
  @Test
  void anRsaKeyOffersTls13AndForwardSecretAeadSuitesOnly() throws Exception {
    Keytool keytool =
        Keytool.in(SrsServerProcess.projectDir().resolve("target/it-work/tls-rsa-keys"), PASSWORD);
    Path keystore =
        keytool.rsaKeyPair("server.jks", "JKS", "srs", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1");
    Path serverPem = keytool.exportPem("server.jks", "JKS", "srs", "server.pem");
    keytool.rsaKeyPair("client.p12", "PKCS12", "src", "CN=test-src");
    keytool.ecKeyPair("stranger.p12", "PKCS12", "src", "CN=stranger");
    Path truststore = keytool.trust("client.p12", "PKCS12", "src", "server-trust.p12");
    Path legacyAllowed = jdkSecurityAllowingTls10And11(keytool.dir());
    int tlsPort = freeTcpPort();

    try (OpenSslServer control = OpenSslServer.permissive(keytool.dir());
        SrsServerProcess server =
            SrsServerProcess.named("tls-rsa")
                .env("SRS_SIP_TLS_PORT", String.valueOf(tlsPort))
                .env("SRS_SIP_TLS_KEYSTORE", keystore.toString())
                .env("SRS_SIP_TLS_KEYSTORE_TYPE", "JKS")
                .env("SRS_SIP_TLS_KEYSTORE_PASSWORD", PASSWORD)
                .env("SRS_SIP_TLS_TRUSTSTORE", truststore.toString())
                .env("SRS_SIP_TLS_CLIENT_AUTH", "want")
                .env("JAVA_TOOL_OPTIONS", "-Djava.security.properties=" + legacyAllowed)
                .start()) {
      assertThat(server.log())
          .contains("Picked up JAVA_TOOL_OPTIONS: -Djava.security.properties=" + legacyAllowed);

      OpenSslClient.Result byDefault = OpenSslClient.handshake(tlsPort, serverPem);
      assertThat(byDefault.exit()).as("%s", byDefault).isZero();
      assertThat(byDefault.verified()).as("%s", byDefault).isTrue();
      assertThat(byDefault.protocol()).as("%s", byDefault).isEqualTo("TLSv1.3");
      assertThat(byDefault.cipher())
          .as("%s", byDefault)
          .matches("TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)");
      assertThat(byDefault.signatureType()).as("%s", byDefault).isEqualTo("RSA-PSS");

      OpenSslClient.Result tls12 = OpenSslClient.handshake(tlsPort, serverPem, "-tls1_2");
      assertThat(tls12.exit()).as("%s", tls12).isZero();
      assertThat(tls12.protocol()).as("%s", tls12).isEqualTo("TLSv1.2");
      assertThat(tls12.cipher()).as("%s", tls12).matches(String.format(FORWARD_SECRET_AEAD, "RSA"));

      // OpenSSL 3 offers TLS 1.0 and 1.1 only at security level 0.
      assertRefusedButPossible(
          tlsPort, serverPem, control, "TLSv1", "-tls1", "-cipher", "DEFAULT@SECLEVEL=0");
      assertRefusedButPossible(
          tlsPort, serverPem, control, "TLSv1.1", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
      // Static RSA key exchange: no forward secrecy, with GCM or CBC.
      assertRefusedButPossible(
          tlsPort,
          serverPem,
          control,
          "TLSv1.2",
          "-tls1_2",
          "-cipher",
          "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA");
      // Forward secret but CBC with HMAC (MAC-then-encrypt), not an AEAD.
      assertRefusedButPossible(
          tlsPort,
          serverPem,
          control,
          "TLSv1.2",
          "-tls1_2",
          "-cipher",
          "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA");

      // Client certificates wanted: none is fine, a trusted one is fine, an untrusted one is
      // refused.
      assertThat(options(tlsPort, serverPem).output()).contains("SIP/2.0 200 OK");
      Path clientPem = OpenSslClient.pemOf(keytool.dir().resolve("client.p12"), PASSWORD);
      assertThat(options(tlsPort, serverPem, "-cert", clientPem.toString()).output())
          .contains("SIP/2.0 200 OK");
      Path strangerPem = OpenSslClient.pemOf(keytool.dir().resolve("stranger.p12"), PASSWORD);
      OpenSslClient.Result stranger = options(tlsPort, serverPem, "-cert", strangerPem.toString());
      assertThat(stranger.output()).as("%s", stranger).doesNotContain("SIP/2.0");
      assertThat(stranger.exit()).as("%s", stranger).isNotZero();
    }
  }

  /**
   * TLS 1.0 and 1.1 are refused by the protocol list itself, not only for want of a suite: here the
   * suites include one those versions could use (ECDHE-RSA with AES-CBC and SHA-1), which TLS 1.2
   * clients get, and the JDK's own ban is lifted as above.
   */
  @Test
  void tls10And11AreRefusedEvenWithASuiteTheyCouldUse() throws Exception {
    Keytool keytool =
        Keytool.in(
            SrsServerProcess.projectDir().resolve("target/it-work/tls-legacy-keys"), PASSWORD);
    Path keystore =
        keytool.rsaKeyPair(
            "server.p12", "PKCS12", "srs", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1");
    Path serverPem = keytool.exportPem("server.p12", "PKCS12", "srs", "server.pem");
    Path legacyAllowed = jdkSecurityAllowingTls10And11(keytool.dir());
    int tlsPort = freeTcpPort();

    try (OpenSslServer control = OpenSslServer.permissive(keytool.dir());
        SrsServerProcess server =
            SrsServerProcess.named("tls-legacy")
                .env("SRS_SIP_TLS_PORT", String.valueOf(tlsPort))
                .env("SRS_SIP_TLS_KEYSTORE", keystore.toString())
                .env("SRS_SIP_TLS_KEYSTORE_PASSWORD", PASSWORD)
                .env(
                    "SRS_SIP_TLS_CIPHER_SUITES",
                    "TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")
                .env("JAVA_TOOL_OPTIONS", "-Djava.security.properties=" + legacyAllowed)
                .start()) {
      OpenSslClient.Result cbcOverTls12 =
          OpenSslClient.handshake(tlsPort, serverPem, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA");
      assertThat(cbcOverTls12.exit()).as("%s", cbcOverTls12).isZero();
      assertThat(cbcOverTls12.cipher()).as("%s", cbcOverTls12).isEqualTo("ECDHE-RSA-AES128-SHA");

      for (String version : List.of("-tls1", "-tls1_1")) {
        assertRefusedButPossible(
            tlsPort,
            serverPem,
            control,
            version.equals("-tls1") ? "TLSv1" : "TLSv1.1",
            version,
            "-cipher",
            "ECDHE-RSA-AES128-SHA@SECLEVEL=0");
      }
    }
  }

  /**
   * An EC key in a PKCS12 keystore: the server signs with ECDSA and picks ECDHE_ECDSA suites for
   * TLS 1.2.
   */
  @Test
  void anEcdsaKeyIsServedWithEcdsaSuitesAndCarriesSip() throws Exception {
    Keytool keytool =
        Keytool.in(SrsServerProcess.projectDir().resolve("target/it-work/tls-ec-keys"), PASSWORD);
    Path keystore =
        keytool.ecKeyPair(
            "server.p12", "PKCS12", "srs", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1");
    Path serverPem = keytool.exportPem("server.p12", "PKCS12", "srs", "server.pem");
    int tlsPort = freeTcpPort();

    try (OpenSslServer control = OpenSslServer.permissive(keytool.dir());
        SrsServerProcess server =
            SrsServerProcess.named("tls-ec")
                .env("SRS_SIP_TLS_PORT", String.valueOf(tlsPort))
                .env("SRS_SIP_TLS_KEYSTORE", keystore.toString())
                .env("SRS_SIP_TLS_KEYSTORE_PASSWORD", PASSWORD)
                .start()) {
      OpenSslClient.Result byDefault = options(tlsPort, serverPem);
      assertThat(byDefault.verified()).as("%s", byDefault).isTrue();
      assertThat(byDefault.protocol()).as("%s", byDefault).isEqualTo("TLSv1.3");
      assertThat(byDefault.signatureType()).as("%s", byDefault).isEqualTo("ECDSA");
      assertThat(byDefault.output())
          .as("%s", byDefault)
          .contains("SIP/2.0 200 OK", "CSeq: 1 OPTIONS");
      assertThat(byDefault.exit()).as("%s", byDefault).isZero();

      OpenSslClient.Result tls12 = options(tlsPort, serverPem, "-tls1_2");
      assertThat(tls12.protocol()).as("%s", tls12).isEqualTo("TLSv1.2");
      assertThat(tls12.cipher())
          .as("%s", tls12)
          .matches(String.format(FORWARD_SECRET_AEAD, "ECDSA"));
      assertThat(tls12.signatureType()).as("%s", tls12).isEqualTo("ECDSA");
      assertThat(tls12.output()).as("%s", tls12).contains("SIP/2.0 200 OK");
      assertThat(tls12.exit()).as("%s", tls12).isZero();

      // Suites for an RSA key are offered too, but this server has none: it cannot pick them.
      assertRefusedButPossible(
          tlsPort,
          serverPem,
          control,
          "TLSv1.2",
          "-tls1_2",
          "-cipher",
          "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305");
    }
  }

  /**
   * The same client command completes against the permissive control server with {@code protocol},
   * and fails against ours without negotiating anything.
   */
  private static void assertRefusedButPossible(
      int tlsPort,
      Path serverPem,
      OpenSslServer control,
      String protocol,
      String... clientOptions) {
    OpenSslClient.Result possible =
        OpenSslClient.handshake(control.port(), control.certificate(), clientOptions);
    assertThat(possible.exit()).as("control: %s", possible).isZero();
    assertThat(possible.protocol()).as("control: %s", possible).isEqualTo(protocol);
    OpenSslClient.Result refused = OpenSslClient.handshake(tlsPort, serverPem, clientOptions);
    assertThat(refused.exit()).as("%s", refused).isNotZero();
    assertThat(refused.protocol()).as("%s", refused).isNull();
    assertThat(refused.cipher()).as("%s", refused).isNull();
  }

  /** An OPTIONS from openssl s_client, waiting for its answer. */
  private static OpenSslClient.Result options(
      int tlsPort, Path serverPem, String... clientOptions) {
    String request =
        Fixtures.text("tls/options.sip")
            .replace("${branch}", "z9hG4bK" + UUID.randomUUID())
            .replace("${call-id}", UUID.randomUUID() + "@openssl");
    return OpenSslClient.exchange(
        tlsPort, serverPem, request, "SIP/2.0 ", Duration.ofSeconds(5), clientOptions);
  }

  /**
   * A java.security override for the server's JVM: the JDK's own jdk.tls.disabledAlgorithms without
   * TLSv1 and TLSv1.1.
   */
  private static Path jdkSecurityAllowingTls10And11(Path dir) throws Exception {
    Properties jdk = new Properties();
    try (Reader in =
        Files.newBufferedReader(
            Path.of(System.getProperty("java.home"), "conf", "security", "java.security"))) {
      jdk.load(in);
    }
    List<String> disabled =
        Arrays.stream(jdk.getProperty("jdk.tls.disabledAlgorithms").split(","))
            .map(String::strip)
            .collect(Collectors.toList());
    assertThat(disabled).as("the JDK's own ban, lifted here").contains("TLSv1", "TLSv1.1");
    disabled.removeAll(List.of("TLSv1", "TLSv1.1"));
    Path file = dir.resolve("legacy-tls-allowed.security");
    Files.writeString(file, "jdk.tls.disabledAlgorithms=" + String.join(", ", disabled) + "\n");
    return file;
  }

  private static SSLContext context(Path keys, Path trust) throws Exception {
    KeyManagerFactory kmf = null;
    if (keys != null) {
      KeyStore ks = load(keys);
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(
        trust == null ? null : load(trust)); // null: the JDK's own CAs, which know nothing of ours
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return c;
  }

  private static KeyStore load(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(p.toFile())) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private static int freeTcpPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
