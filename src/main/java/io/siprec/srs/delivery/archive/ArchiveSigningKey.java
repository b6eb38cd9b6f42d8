package io.siprec.srs.delivery.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.interfaces.EdECKey;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 key that signs the archive's manifests, loaded once from a PKCS12 keystore entry
 * ({@code keytool -genkeypair -keyalg Ed25519} makes one). A keystore that cannot be opened, an
 * alias that is not there or a key of another kind is refused with what to fix: a server must not
 * start believing it signs when it cannot.
 */
public final class ArchiveSigningKey {
  private final String keyId;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private ArchiveSigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {
    this.keyId = keyId;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * Loads the private key entry {@code alias} of the PKCS12 keystore {@code keystore}; the entry's
   * password is the keystore's, as keytool makes them.
   *
   * @throws IllegalArgumentException naming the keystore and what is wrong with it
   */
  public static ArchiveSigningKey load(Path keystore, char[] password, String alias) {
    String where = "archive keystore " + keystore;
    if (alias == null || alias.isBlank()) {
      throw new IllegalArgumentException(where + ": no signing key alias given");
    }
    if (!Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException(where + ": no such file");
    }
    KeyStore store;
    try (InputStream in = Files.newInputStream(keystore)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (IOException e) {
      // PKCS12 reports a wrong password as an IOException whose cause is UnrecoverableKeyException.
      String why =
          e.getCause() instanceof UnrecoverableKeyException
              ? "wrong password"
              : "cannot read it as PKCS12 (" + e.getMessage() + ")";
      throw new IllegalArgumentException(where + ": " + why, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(where + ": cannot open it (" + e.getMessage() + ")", e);
    }
    Key key;
    Certificate certificate;
    try {
      if (!store.containsAlias(alias)) {
        throw new IllegalArgumentException(where + ": no entry named '" + alias + "'");
      }
      key = store.getKey(alias, password);
      certificate = store.getCertificate(alias);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          where + ": cannot read the key '" + alias + "' (" + e.getMessage() + ")", e);
    }
    if (!(key instanceof PrivateKey privateKey) || certificate == null) {
      throw new IllegalArgumentException(
          where + ": '" + alias + "' is not a private key entry with its certificate");
    }
    if (!isEd25519(privateKey)) {
      throw new IllegalArgumentException(
          where
              + ": '"
              + alias
              + "' is a "
              + privateKey.getAlgorithm()
              + " key; manifests are signed with Ed25519 (keytool -genkeypair -keyalg Ed25519)");
    }
    ArchiveSigningKey loaded = new ArchiveSigningKey(alias, privateKey, certificate.getPublicKey());
    loaded.checkPairs(where);
    return loaded;
  }

  /** Whether the key is on the Ed25519 curve (not Ed448, which the JDK also calls EdDSA). */
  private static boolean isEd25519(Key key) {
    return key instanceof EdECKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName());
  }

  /** A certificate that belongs to another key would make every signature fail to verify. */
  private void checkPairs(String where) {
    byte[] probe = "archive signing key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(sign(probe))) {
        throw new IllegalArgumentException(
            where + ": the certificate of '" + keyId + "' does not match its private key");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(where + ": cannot sign with '" + keyId + "'", e);
    }
  }

  /** The keystore alias, written in each manifest so a reader knows which key signed it. */
  public String keyId() {
    return keyId;
  }

  /** SHA-256 of the public key's SubjectPublicKeyInfo (DER), lower-case hex. */
  public String fingerprint() {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The public key as PEM (RFC 7468 section 13: SubjectPublicKeyInfo, "PUBLIC KEY"). */
  public String publicKeyPem() {
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKey.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** The Ed25519 signature (RFC 8032 section 5.1.6, pure Ed25519, no prehash) of {@code data}. */
  public byte[] sign(byte[] data) throws GeneralSecurityException {
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(privateKey);
    signer.update(data);
    return signer.sign();
  }

  @Override
  public String toString() {
    return "Ed25519 key '" + keyId + "' (" + fingerprint().substring(0, 16) + "...)";
  }
}
