package io.siprec.srs.session;

import java.util.Locale;
import java.util.Optional;

/**
 * The SRTP crypto suites we receive, by their SDES names (RFC 4568 §6.2, RFC 6188, RFC 7714 §14.1),
 * with the lengths each fixes. The AES-CM suites authenticate with HMAC-SHA1; SRTCP keeps an 80-bit
 * tag even where SRTP's is 32 bits (RFC 4568 §6.2; RFC 6188's _32 suite likewise). The AEAD suites
 * carry a 16-octet GCM tag and a 96-bit salt (RFC 7714 §14).
 */
public enum SrtpSuite {
  AES_CM_128_HMAC_SHA1_80(16, 14, 10, 10),
  AES_CM_128_HMAC_SHA1_32(16, 14, 4, 10),
  AES_256_CM_HMAC_SHA1_80(32, 14, 10, 10),
  AES_256_CM_HMAC_SHA1_32(32, 14, 4, 10),
  AEAD_AES_128_GCM(16, 12, 16, 16),
  AEAD_AES_256_GCM(32, 12, 16, 16);

  /** RFC 3711 §9.2 (RFC 4568 §6.2's table, RFC 7714 §14.2): packets one master key may protect. */
  public static final long MAX_SRTP_PACKETS = 1L << 48;

  public static final long MAX_SRTCP_PACKETS = 1L << 31;

  private final int keyLength;
  private final int saltLength;
  private final int srtpTagLength;
  private final int srtcpTagLength;

  SrtpSuite(int keyLength, int saltLength, int srtpTagLength, int srtcpTagLength) {
    this.keyLength = keyLength;
    this.saltLength = saltLength;
    this.srtpTagLength = srtpTagLength;
    this.srtcpTagLength = srtcpTagLength;
  }

  /** A suite by its SDES name; RFC 4568 §4: the name is case-insensitive. */
  public static Optional<SrtpSuite> bySdesName(String name) {
    try {
      return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public String sdesName() {
    return name();
  }

  /** Master (and session) encryption key, in octets. */
  public int keyLength() {
    return keyLength;
  }

  /** Master (and session) salt, in octets. */
  public int saltLength() {
    return saltLength;
  }

  /** The inline key||salt of an {@code a=crypto} line, in octets. */
  public int keySaltLength() {
    return keyLength + saltLength;
  }

  /** SRTP authentication tag (for AEAD: the GCM tag), in octets. */
  public int srtpTagLength() {
    return srtpTagLength;
  }

  /** SRTCP authentication tag, in octets. */
  public int srtcpTagLength() {
    return srtcpTagLength;
  }

  /** AES-GCM (RFC 7714): authentication and encryption in one, no separate HMAC. */
  public boolean aead() {
    return saltLength == 12;
  }
}
