package io.siprec.srs.config;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * What SIP over TLS offers ({@code srs.sip.tls.protocols}, {@code srs.sip.tls.cipher-suites}),
 * checked against this Java runtime before anything starts. JAIN-SIP hands both lists to every
 * connection's {@code SSLEngine}; a name the runtime does not know would fail there, on each
 * handshake, long after start-up said all was well.
 */
public final class SipTlsOffer {
  /** TLS 1.0 and 1.1 are deprecated (RFC 8996), SSL 3.0 too (RFC 7568): they are never offered. */
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /**
   * The TLS 1.3 cipher suites (RFC 8446 appendix B.4): they name only the AEAD and the hash, as the
   * key exchange and the signature are negotiated apart. Every other suite is for TLS 1.2 and
   * below.
   */
  private static final Set<String> TLS13_SUITES =
      Set.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_AES_128_CCM_SHA256",
          "TLS_AES_128_CCM_8_SHA256");

  private SipTlsOffer() {}

  public static boolean isTls13Suite(String suite) {
    return TLS13_SUITES.contains(suite);
  }

  /** Every problem with the two lists; empty when the runtime can offer them as asked. */
  static List<String> problems(List<String> protocols, List<String> suites) {
    List<String> problems = new ArrayList<>();
    for (String protocol : protocols) {
      if (!PROTOCOLS.contains(protocol)) {
        problems.add(
            "srs.sip.tls.protocols: '"
                + protocol
                + "' is unknown or obsolete; use "
                + String.join(" and/or ", PROTOCOLS));
      }
    }
    Set<String> supported = Set.of(runtimeSupportedSuites());
    List<String> usable = new ArrayList<>();
    for (String suite : suites) {
      if (suite.endsWith("_SCSV")) {
        problems.add(
            "srs.sip.tls.cipher-suites: '" + suite + "' is a signalling value, not a cipher suite");
      } else if (!supported.contains(suite)) {
        problems.add(
            "srs.sip.tls.cipher-suites: '"
                + suite
                + "' is not a cipher suite this Java runtime supports "
                + "(unknown name, or disabled by jdk.tls.disabledAlgorithms)");
      } else {
        usable.add(suite);
      }
    }
    // A protocol without a suite of its own would fail every handshake that picks it.
    if (protocols.contains("TLSv1.3") && usable.stream().noneMatch(SipTlsOffer::isTls13Suite)) {
      problems.add(
          "srs.sip.tls.cipher-suites names no TLS 1.3 suite (TLS_AES_..., TLS_CHACHA20_...) "
              + "but srs.sip.tls.protocols offers TLSv1.3");
    }
    if (protocols.contains("TLSv1.2") && usable.stream().allMatch(SipTlsOffer::isTls13Suite)) {
      problems.add(
          "srs.sip.tls.cipher-suites names no TLS 1.2 suite (TLS_ECDHE_..._WITH_...) "
              + "but srs.sip.tls.protocols offers TLSv1.2");
    }
    return problems;
  }

  private static String[] runtimeSupportedSuites() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      // No keys and no trust anchors: only the list of names is wanted, not the default cacerts.
      context.init(new KeyManager[0], new TrustManager[0], null);
      // The supported list already leaves out suites that java.security disables.
      return context.getSupportedSSLParameters().getCipherSuites();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this Java runtime offers no TLS", e);
    }
  }
}
