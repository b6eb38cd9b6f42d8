package io.siprec.srs.launcher;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.config.SipTlsOffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keystore and truststore of SIP over TLS, opened once before the container starts, the way
 * JAIN-SIP will open them. JAIN-SIP does it inside the container's start, where a wrong path, type
 * or password only shows as "the application did not deploy"; here the operator is told which file
 * and why. It also checks that the server's key can be used by an offered TLS 1.2 suite: the server
 * picks the suites that match its key (ECDHE_ECDSA for an EC key, ECDHE_RSA for an RSA key), so a
 * key with none would fail every TLS 1.2 handshake.
 */
final class SipTlsKeystore {
  private SipTlsKeystore() {}

  static List<String> problems(Settings settings) {
    List<String> problems = new ArrayList<>();
    String password = settings.get(Setting.SIP_TLS_KEYSTORE_PASSWORD);
    Path keystorePath = Path.of(settings.get(Setting.SIP_TLS_KEYSTORE));
    KeyStore keystore =
        open(
            keystorePath,
            settings.get(Setting.SIP_TLS_KEYSTORE_TYPE),
            password,
            "srs.sip.tls.keystore",
            problems);
    if (keystore != null) {
      Set<String> keyTypes = keyTypes(keystore, password, keystorePath, problems);
      List<String> suites = settings.listValue(Setting.SIP_TLS_CIPHER_SUITES);
      if (!keyTypes.isEmpty()
          && settings.listValue(Setting.SIP_TLS_PROTOCOLS).contains("TLSv1.2")
          && suites.stream()
              .map(SipTlsKeystore::tls12KeyType)
              .noneMatch(t -> t != null && keyTypes.contains(t))) {
        problems.add(
            "srs.sip.tls.keystore "
                + keystorePath
                + " holds "
                + String.join(" and ", keyTypes)
                + " keys but no TLS 1.2 suite in srs.sip.tls.cipher-suites can use them "
                + "(an EC key needs TLS_ECDHE_ECDSA_..., an RSA key TLS_ECDHE_RSA_...): TLS 1.2 clients would fail");
      }
    }
    boolean ownTruststore =
        !settings.get(Setting.SIP_TLS_TRUSTSTORE).isEmpty()
            || !settings.get(Setting.SIP_TLS_TRUSTSTORE_PASSWORD).isEmpty();
    if (keystore == null && !ownTruststore) {
      return problems; // the same file with the same password: one problem, said once
    }
    // JAIN-SIP sets no type for the truststore: it opens it as the runtime's default type.
    open(
        Path.of(settings.getOr(Setting.SIP_TLS_TRUSTSTORE, Setting.SIP_TLS_KEYSTORE)),
        KeyStore.getDefaultType(),
        settings.getOr(Setting.SIP_TLS_TRUSTSTORE_PASSWORD, Setting.SIP_TLS_KEYSTORE_PASSWORD),
        settings.get(Setting.SIP_TLS_TRUSTSTORE).isEmpty()
            ? "srs.sip.tls.keystore (as truststore)"
            : "srs.sip.tls.truststore",
        problems);
    return problems;
  }

  /**
   * The key algorithm a TLS 1.2 suite's authentication needs, from its name (RFC 5246 appendix A.5,
   * RFC 8422 section 6): ..._ECDSA_... an EC key, ..._RSA_... an RSA key, ..._DSS_... a DSA key;
   * null for a TLS 1.3 suite, which leaves the signature to be negotiated apart.
   */
  static String tls12KeyType(String suite) {
    if (SipTlsOffer.isTls13Suite(suite)) {
      return null;
    }
    if (suite.contains("_ECDSA_")) {
      return "EC";
    }
    if (suite.contains("_RSA_")) {
      return "RSA";
    }
    return suite.contains("_DSS_") ? "DSA" : null;
  }

  private static KeyStore open(
      Path path, String type, String password, String what, List<String> problems) {
    if (!Files.isReadable(path)) {
      problems.add(what + " " + path + ": no readable file there");
      return null;
    }
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      // The message names the cause (e.g. "keystore password was incorrect"), never the password.
      problems.add(what + " " + path + ": cannot open it as " + type + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * Algorithms of the private keys, opened as JAIN-SIP opens them: with the keystore's password.
   */
  private static Set<String> keyTypes(
      KeyStore store, String password, Path path, List<String> problems) {
    Set<String> types = new TreeSet<>();
    int problemsBefore = problems.size();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        try {
          Key key = store.getKey(alias, password.toCharArray());
          if (key instanceof PrivateKey) {
            types.add(key.getAlgorithm().equals("RSASSA-PSS") ? "RSA" : key.getAlgorithm());
          }
        } catch (GeneralSecurityException e) {
          problems.add(
              "srs.sip.tls.keystore "
                  + path
                  + ": the key '"
                  + alias
                  + "' does not open with the keystore password (JAIN-SIP needs them to be the same): "
                  + e.getMessage());
        }
      }
    } catch (GeneralSecurityException e) {
      problems.add("srs.sip.tls.keystore " + path + ": " + e.getMessage());
    }
    if (types.isEmpty() && problems.size() == problemsBefore) {
      problems.add("srs.sip.tls.keystore " + path + " holds no private key (only certificates?)");
    }
    return types;
  }
}
