package io.siprec.srs.media.rtp;

import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSuite;
import java.nio.ByteBuffer;

/**
 * Verifies and decrypts one stream's SRTCP (RFC 3711 §3.4) with the SRTCP keys of its SRTP master
 * keys (labels 3 to 5). AES-CM: after the compound packet come the E flag with the 31-bit SRTCP
 * index, the MKI if the line has them, and an 80-bit HMAC-SHA1 tag (RFC 4568 §6.2 and RFC 6188 keep
 * SRTCP's tag at 80 bits for the _32 suites). AES-GCM (RFC 7714 §9): the GCM tag ends the
 * ciphertext, then E and index, then the MKI. The E flag says whether the packet is encrypted
 * (UNENCRYPTED_SRTCP, RFC 4568 §6.3.2, clears it); it is authenticated, so it is taken as sent.
 * Decrypts in place and trims the trailer, so the datagram then reads as plain compound RTCP.
 *
 * <p>The keys and transforms are {@link SrtpCrypto}'s (the SRTCP labels), as for {@link
 * SrtpReceiver}; this class adds SRTCP's trailer and index. Like SRTP: the MKI picks the key, a key
 * is not used beyond its lifetime (counted apart from SRTP's, at most 2^31), KDR applies to the
 * SRTCP index, each sender SSRC has a replay list. Allocates nothing per packet with AES-CM;
 * AES-GCM allocates in the JDK.
 *
 * <p>Single-threaded, on the stream's loop thread.
 */
final class SrtcpReceiver {
  private static final int HEADER = 8; // first RTCP header and sender SSRC stay in the clear
  private static final int GCM_TAG = SrtpCrypto.GCM_TAG;

  private final SrtpCrypto crypto;
  private final int mkiLength;
  private final int tagLength;
  private final boolean aead;
  private final SrtpSources sources;

  SrtcpReceiver(SrtpParameters keying) {
    this(
        new SrtpCrypto(keying, true), SrtpReceiver.replayWindow(keying.session().windowSizeHint()));
  }

  private SrtcpReceiver(SrtpCrypto crypto, int replayWindow) {
    this.crypto = crypto;
    this.mkiLength = crypto.mkiLength();
    this.aead = crypto.aead();
    this.tagLength = aead ? 0 : crypto.suite().srtcpTagLength();
    this.sources = new SrtpSources(replayWindow);
  }

  /** A receiver on session keys given as they are (RFC 7714's test vectors). */
  static SrtcpReceiver withSessionKeys(
      SrtpSuite suite, byte[] encryptionKey, byte[] authenticationKey, byte[] sessionSalt) {
    return new SrtcpReceiver(
        SrtpCrypto.withSessionKeys(suite, encryptionKey, authenticationKey, sessionSalt),
        SrtpReceiver.DEFAULT_REPLAY_WINDOW);
  }

  /**
   * @return null if accepted (the datagram then holds the compound RTCP packet), else why it was
   *     refused; a refused datagram is left unchanged
   */
  PacketDrop unprotect(ByteBuffer datagram) {
    SrtpScratch s = SrtpScratch.get();
    byte[] p = s.packet;
    int start = datagram.position();
    int length = datagram.remaining();
    int mkiAt = length - tagLength - mkiLength;
    int trailer = mkiAt - 4; // E flag and SRTCP index
    if (trailer < HEADER + (aead ? GCM_TAG : 0) || length > p.length) {
      return PacketDrop.INGRESS_SRTP_AUTHENTICATION;
    }
    datagram.get(start, p, 0, length);
    SrtpKeyContext key = crypto.keyNamedAt(p, mkiAt);
    if (key == null) {
      return PacketDrop.INGRESS_SRTP_UNKNOWN_MKI;
    }
    boolean encrypted = (p[trailer] & 0x80) != 0;
    long index =
        (p[trailer] & 0x7fL) << 24
            | (p[trailer + 1] & 0xff) << 16
            | (p[trailer + 2] & 0xff) << 8
            | (p[trailer + 3] & 0xff);
    long ssrc = (p[4] & 0xffL) << 24 | (p[5] & 0xff) << 16 | (p[6] & 0xff) << 8 | (p[7] & 0xff);
    SrtpSources.Source source = sources.find(ssrc);
    if (source.window.rejects(index)) {
      return PacketDrop.INGRESS_SRTP_REPLAY;
    }
    SrtpSessionKeys session = crypto.sessionKeys(key, index);

    int end;
    if (aead) {
      end = openAead(session, s, trailer, encrypted, ssrc, index);
      if (end < 0) {
        return PacketDrop.INGRESS_SRTP_AUTHENTICATION;
      }
    } else {
      // RFC 3711 §3.4: the tag covers header, encrypted portion, E flag and index; not the MKI.
      if (!SrtpCrypto.tagVerifies(session, s, mkiAt, length - tagLength, tagLength, -1)) {
        return PacketDrop.INGRESS_SRTP_AUTHENTICATION;
      }
      end = trailer;
    }
    if (!key.use()) {
      return PacketDrop.INGRESS_SRTP_KEY_EXPIRED;
    }
    if (aead) {
      if (encrypted) {
        System.arraycopy(s.plain, 0, p, HEADER, end - HEADER);
      }
    } else if (encrypted) {
      // AES-CM with IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), as for SRTP.
      SrtpCrypto.decryptCounterMode(session, s, ssrc, index, HEADER, trailer - HEADER);
    }
    datagram.put(start + HEADER, p, HEADER, end - HEADER);
    datagram.limit(start + end);
    sources.accepted(source, 0, 0, index);
    return null;
  }

  /**
   * RFC 7714 §9: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt. Encrypted (E = 1): the
   * first 8 octets and the E flag with the index are associated data, the rest is ciphertext. Not
   * encrypted (E = 0): the whole compound packet and E with the index are associated data, the
   * ciphertext is the tag alone. @return the end of the RTCP packet, or -1 if the tag fails
   */
  private static int openAead(
      SrtpSessionKeys session,
      SrtpScratch s,
      int trailer,
      boolean encrypted,
      long ssrc,
      long index) {
    byte[] iv = s.aeadIv;
    iv[0] = 0;
    iv[1] = 0;
    iv[6] = 0;
    iv[7] = 0;
    for (int i = 0; i < 4; i++) {
      iv[2 + i] = (byte) (ssrc >>> (8 * (3 - i)));
      iv[8 + i] = (byte) (index >>> (8 * (3 - i)));
    }
    if (encrypted) {
      int n = SrtpCrypto.openGcm(session, s, 0, HEADER, trailer, 4, HEADER, trailer - HEADER);
      return n < 0 ? -1 : HEADER + n;
    }
    int n =
        SrtpCrypto.openGcm(
            session, s, 0, trailer - GCM_TAG, trailer, 4, trailer - GCM_TAG, GCM_TAG);
    return n < 0 ? -1 : trailer - GCM_TAG;
  }
}
