package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * SIP over TLS with client certificates required: keys made at test time with the JDK's keytool
 * (nothing secret is committed). An SRC with a certificate the server trusts records a call; one
 * without a certificate, and one that does not trust the server's, never get a SIP exchange.
 */
class TlsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String PASSWORD = "test-only-secret";

  @Test
  void anSrcWithATrustedCertificateRecordsOverTlsOthersAreTurnedAway() throws Exception {
    Path dir = Files.createDirectories(SrsServerProcess.projectDir().resolve("target/it-work/tls-keys"));
    for (String f : List.of("server.p12", "client.p12", "server.cer", "client.cer", "server-trust.p12", "client-trust.p12")) {
      Files.deleteIfExists(dir.resolve(f));
    }
    keytool(dir, "-genkeypair", "-alias", "srs", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-keystore", "server.p12");
    keytool(dir, "-genkeypair", "-alias", "src", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=test-src", "-keystore", "client.p12");
    keytool(dir, "-exportcert", "-alias", "srs", "-keystore", "server.p12", "-file", "server.cer");
    keytool(dir, "-exportcert", "-alias", "src", "-keystore", "client.p12", "-file", "client.cer");
    keytool(dir, "-importcert", "-noprompt", "-alias", "src", "-file", "client.cer", "-keystore", "server-trust.p12");
    keytool(dir, "-importcert", "-noprompt", "-alias", "srs", "-file", "server.cer", "-keystore", "client-trust.p12");
    int tlsPort = freeTcpPort();

    try (SrsServerProcess server = SrsServerProcess.named("tls").env("SRS_SIP_TLS_PORT", String.valueOf(tlsPort))
        .env("SRS_SIP_TLS_KEYSTORE", dir.resolve("server.p12").toString())
        .env("SRS_SIP_TLS_KEYSTORE_PASSWORD", PASSWORD)
        .env("SRS_SIP_TLS_TRUSTSTORE", dir.resolve("server-trust.p12").toString())
        .env("SRS_SIP_TLS_CLIENT_AUTH", "require").start();
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin())) {
      assertThat(server.log()).doesNotContain(PASSWORD);

      SSLContext trusted = context(dir.resolve("client.p12"), dir.resolve("client-trust.p12"));
      try (SipClient sbc = SipClient.overTls(server, tlsPort, trusted)) {
        assertThat(sbc.exchange(sbc.options(), WAIT).status()).isEqualTo(200);
        int mark = jms.mark();
        SipClient.Sent invite = sbc.prepare(Fixtures.bytes("siprec-corpus/01_rfc7866_reference_invite.sip"));
        SipClient.Response ok = sbc.exchange(invite, WAIT);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("a=recvonly");
        sbc.ack(invite, ok);
        String id = jms.awaitSessionStartedAfter(mark, WAIT);
        assertThat(jms.awaitEvent(id, "session.started", WAIT).json().getJsonObject("session").getString("srcAddress"))
            .endsWith("/TLS");
        assertThat(sbc.bye(invite, ok).status()).isEqualTo(200);
        jms.awaitEvent(id, "session.ended", WAIT);
      }

      SSLContext noCertificate = context(null, dir.resolve("client-trust.p12"));
      assertThatThrownBy(() -> {
        try (SipClient stranger = SipClient.overTls(server, tlsPort, noCertificate)) {
          stranger.exchange(stranger.options(), Duration.ofSeconds(3));
        }
      }).as("no client certificate").isInstanceOfAny(UncheckedIOException.class, AssertionError.class);

      SSLContext trustsNothingOfOurs = context(dir.resolve("client.p12"), null);
      assertThatThrownBy(() -> SipClient.overTls(server, tlsPort, trustsNothingOfOurs))
          .as("server certificate not trusted").isInstanceOf(UncheckedIOException.class);
    }
  }

  private static SSLContext context(Path keys, Path trust) throws Exception {
    KeyManagerFactory kmf = null;
    if (keys != null) {
      KeyStore ks = load(keys);
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust == null ? null : load(trust)); // null: the JDK's own CAs, which know nothing of ours
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

  private static void keytool(Path dir, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    if (args[0].equals("-genkeypair")) {
      cmd.addAll(List.of("-keypass", PASSWORD));
    }
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("keytool %s: %s", args[0], out).isZero();
  }

  private static int freeTcpPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
