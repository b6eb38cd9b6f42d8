package io.siprec.srs.media.rtp;

import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSuite;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Verifies and decrypts one stream's SRTCP (RFC 3711 §3.4) with the SRTCP keys of its SRTP master
 * keys (labels 3 to 5). AES-CM: after the compound packet come the E flag with the 31-bit SRTCP
 * index, the MKI if the line has them, and an 80-bit HMAC-SHA1 tag (RFC 4568 §6.2 and RFC 6188
 * keep SRTCP's tag at 80 bits for the _32 suites). AES-GCM (RFC 7714 §9): the GCM tag ends the
 * ciphertext, then E and index, then the MKI. The E flag says whether the packet is encrypted
 * (UNENCRYPTED_SRTCP, RFC 4568 §6.3.2, clears it); it is authenticated, so it is taken as sent.
 * Decrypts in place and trims the trailer, so the datagram then reads as plain compound RTCP.
 *
 * <p>Like {@link SrtpReceiver}: the MKI picks the key, a key is not used beyond its lifetime
 * (counted apart from SRTP's, at most 2^31), KDR applies to the SRTCP index, each sender SSRC has
 * a replay list. Allocates nothing per packet with AES-CM; AES-GCM allocates in the JDK.
 *
 * <p>Single-threaded, on the stream's loop thread.
 */
final class SrtcpReceiver {
  private static final int HEADER = 8; // first RTCP header and sender SSRC stay in the clear
  private static final int GCM_TAG = 16;

  private final SrtpKeyContext[] keys;
  private final int mkiLength;
  private final int tagLength;
  private final boolean aead;
  private final int derivationShift;
  private final SrtpSources sources;

  SrtcpReceiver(SrtpParameters keying) {
    this(keying.suite(), SrtpReceiver.keyContexts(keying, true), keying.mkiLength(),
        keying.session().keyDerivationRate(), SrtpReceiver.replayWindow(keying.session().windowSizeHint()));
  }

  private SrtcpReceiver(SrtpSuite suite, SrtpKeyContext[] keys, int mkiLength, int keyDerivationRate,
      int replayWindow) {
    this.keys = keys;
    this.mkiLength = mkiLength;
    this.aead = suite.aead();
    this.tagLength = aead ? 0 : suite.srtcpTagLength();
    this.derivationShift = keyDerivationRate == 0 ? -1 : keyDerivationRate;
    this.sources = new SrtpSources(replayWindow);
  }

  /** A receiver on session keys given as they are (RFC 7714's test vectors). */
  static SrtcpReceiver withSessionKeys(SrtpSuite suite, byte[] encryptionKey, byte[] authenticationKey,
      byte[] sessionSalt) {
    return new SrtcpReceiver(suite,
        new SrtpKeyContext[] {new SrtpKeyContext(suite, encryptionKey, authenticationKey, sessionSalt)}, 0, 0,
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
    SrtpKeyContext key = keyNamedAt(p, mkiAt);
    if (key == null) {
      return PacketDrop.INGRESS_SRTP_UNKNOWN_MKI;
    }
    boolean encrypted = (p[trailer] & 0x80) != 0;
    long index = (p[trailer] & 0x7fL) << 24 | (p[trailer + 1] & 0xff) << 16 | (p[trailer + 2] & 0xff) << 8
        | (p[trailer + 3] & 0xff);
    long ssrc = (p[4] & 0xffL) << 24 | (p[5] & 0xff) << 16 | (p[6] & 0xff) << 8 | (p[7] & 0xff);
    SrtpSources.Source source = sources.find(ssrc);
    if (source.window.rejects(index)) {
      return PacketDrop.INGRESS_SRTP_REPLAY;
    }
    SrtpSessionKeys session = key.sessionKeys(derivationShift < 0 ? 0 : index >>> derivationShift);

    int end;
    if (aead) {
      end = openAead(session, s, trailer, encrypted, ssrc, index);
      if (end < 0) {
        return PacketDrop.INGRESS_SRTP_AUTHENTICATION;
      }
    } else {
      // RFC 3711 §3.4: the tag covers header, encrypted portion, E flag and index; not the MKI.
      if (!tagVerifies(session, s, mkiAt, length - tagLength)) {
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
      SrtpReceiver.counterModeIv(session.salt, s.iv, ssrc, index);
      AesCounterMode.xor(session.cipher, s.iv, 0, p, HEADER, trailer - HEADER, s.counters, s.keystream);
    }
    datagram.put(start + HEADER, p, HEADER, end - HEADER);
    datagram.limit(start + end);
    sources.accepted(source, 0, 0, index);
    return null;
  }

  private SrtpKeyContext keyNamedAt(byte[] p, int at) {
    if (mkiLength == 0) {
      return keys[0];
    }
    for (SrtpKeyContext k : keys) {
      if (k.named(p, at)) {
        return k;
      }
    }
    return null;
  }

  private boolean tagVerifies(SrtpSessionKeys session, SrtpScratch s, int authenticatedEnd, int tagAt) {
    session.mac.update(s.packet, 0, authenticatedEnd);
    session.mac.doFinal(s.tag, 0);
    int diff = 0;
    for (int i = 0; i < tagLength; i++) {
      diff |= s.tag[i] ^ s.packet[tagAt + i];
    }
    return diff == 0;
  }

  /**
   * RFC 7714 §9: IV = (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt. Encrypted (E = 1):
   * the first 8 octets and the E flag with the index are associated data, the rest is ciphertext.
   * Not encrypted (E = 0): the whole compound packet and E with the index are associated data,
   * the ciphertext is the tag alone. @return the end of the RTCP packet, or -1 if the tag fails
   */
  private static int openAead(SrtpSessionKeys session, SrtpScratch s, int trailer, boolean encrypted, long ssrc,
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
    for (int i = 0; i < 12; i++) {
      iv[i] ^= session.salt[i];
    }
    byte[] p = s.packet;
    try {
      Cipher gcm = session.cipher;
      gcm.init(Cipher.DECRYPT_MODE, session.encryptionKey, new GCMParameterSpec(GCM_TAG * 8, iv));
      if (encrypted) {
        gcm.updateAAD(p, 0, HEADER);
        gcm.updateAAD(p, trailer, 4);
        return HEADER + gcm.doFinal(p, HEADER, trailer - HEADER, s.plain, 0);
      }
      gcm.updateAAD(p, 0, trailer - GCM_TAG);
      gcm.updateAAD(p, trailer, 4);
      gcm.doFinal(p, trailer - GCM_TAG, GCM_TAG, s.plain, 0);
      return trailer - GCM_TAG;
    } catch (GeneralSecurityException e) {
      return -1;
    }
  }
}
