package io.siprec.srs.media.rtp;

import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.SrtpMasterKey;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSessionParameters;
import io.siprec.srs.session.SrtpSuite;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Verifies and decrypts one incoming SRTP stream (RFC 3711) with the JDK's AES: AES-CM with 128- or
 * 256-bit keys (RFC 6188) and 80- or 32-bit HMAC-SHA1 tags (RFC 2104 over the JDK's SHA-1: {@link
 * HmacSha1}), or AES-GCM (RFC 7714). Decrypts in place and trims MKI and tag, so the datagram then
 * reads as plain RTP.
 *
 * <p>What the SDES line set up is enforced per packet: the MKI picks the master key (RFC 3711
 * §3.1; an unknown one is refused), a key is not used beyond its lifetime (RFC 3711 §9.2, RFC
 * 4568 §6.1), session keys are derived again every 2^KDR packets (RFC 3711 §4.3.1), packets that
 * authenticate enter a replay list (RFC 3711 §3.3.2) whose size honours the sender's WSH hint
 * (RFC 4568 §6.3.6), and UNENCRYPTED_SRTP / UNAUTHENTICATED_SRTP (§6.3.2, §6.3.3) skip what they
 * say. Each SSRC has its own rollover counter and replay list (late binding, RFC 4568 §6.4.1).
 *
 * <p>Allocates nothing per packet with the AES-CM suites. With AES-GCM the JDK forces a
 * GCMParameterSpec (the IV changes every packet) and allocates inside Cipher.init/doFinal:
 * measured by {@code SrtpAllocationTest}, and a known cost. Deriving session keys again (at the
 * first packet, and with KDR every 2^n packets) allocates the JDK's key schedule.
 *
 * <p>Single-threaded: one instance per stream, on its loop thread.
 */
final class SrtpReceiver {
  /** Replay list size without a larger WSH: 20 s of 20 ms packets, well past any reorder depth. */
  static final int DEFAULT_REPLAY_WINDOW = 1024;
  /** The largest WSH honoured (a 1 kB bitmap per source). */
  static final int MAX_REPLAY_WINDOW = 8192;
  private static final int GCM_TAG = 16;

  private final SrtpSuite suite;
  private final SrtpKeyContext[] keys;
  private final int mkiLength;
  /** HMAC tag octets at the end of the packet (0 for AEAD, whose tag is in the ciphertext). */
  private final int tagLength;
  private final boolean aead;
  private final boolean encrypted;
  private final boolean authenticated;
  /** n of KDR=n; -1 without a key derivation rate. */
  private final int derivationShift;
  private final int replayWindow;
  private final SrtpSources sources;

  SrtpReceiver(SrtpParameters keying) {
    this(keying.suite(), keyContexts(keying, false), keying.mkiLength(), keying.session());
  }

  private SrtpReceiver(SrtpSuite suite, SrtpKeyContext[] keys, int mkiLength, SrtpSessionParameters session) {
    this.suite = suite;
    this.keys = keys;
    this.mkiLength = mkiLength;
    this.aead = suite.aead();
    this.encrypted = !session.unencryptedSrtp();
    this.authenticated = !session.unauthenticatedSrtp();
    this.tagLength = aead || !authenticated ? 0 : suite.srtpTagLength();
    this.derivationShift = session.keyDerivationRate() == 0 ? -1 : session.keyDerivationRate();
    this.replayWindow = replayWindow(session.windowSizeHint());
    this.sources = new SrtpSources(replayWindow);
  }

  /** A receiver on session keys given as they are (RFC 7714's test vectors give no master key). */
  static SrtpReceiver withSessionKeys(SrtpSuite suite, byte[] encryptionKey, byte[] authenticationKey,
      byte[] sessionSalt) {
    return new SrtpReceiver(suite,
        new SrtpKeyContext[] {new SrtpKeyContext(suite, encryptionKey, authenticationKey, sessionSalt)}, 0,
        SrtpSessionParameters.DEFAULT);
  }

  static SrtpKeyContext[] keyContexts(SrtpParameters keying, boolean rtcp) {
    SrtpKeyContext[] contexts = new SrtpKeyContext[keying.keys().size()];
    for (int i = 0; i < contexts.length; i++) {
      SrtpMasterKey key = keying.keys().get(i);
      contexts[i] = new SrtpKeyContext(keying.suite(), key, rtcp);
    }
    return contexts;
  }

  /** The replay list size: the WSH hint if larger than our default, a power of two, bounded. */
  static int replayWindow(int windowSizeHint) {
    int wanted = Math.min(Math.max(windowSizeHint, DEFAULT_REPLAY_WINDOW), MAX_REPLAY_WINDOW);
    return Integer.highestOneBit(wanted - 1) << 1;
  }

  int replayWindowSize() {
    return replayWindow;
  }

  /**
   * Verifies and decrypts the datagram between its position and limit.
   *
   * @return null if accepted (the datagram then holds the RTP packet), else why it was refused;
   *     a refused datagram is left unchanged
   */
  PacketDrop unprotect(ByteBuffer datagram) {
    SrtpScratch s = SrtpScratch.get();
    byte[] p = s.packet;
    int start = datagram.position();
    int length = datagram.remaining();
    // RFC 3711 §3.1 (AES-CM): header, payload, MKI, tag; RFC 7714 §8: header, ciphertext with the
    // GCM tag, MKI.
    int end = length - mkiLength - tagLength; // end of the authenticated (AES-CM) or AEAD portion
    if (end < RtpPacket.FIXED_HEADER + (aead ? GCM_TAG : 0) || length > p.length) {
      return PacketDrop.INGRESS_SRTP_AUTHENTICATION; // too short for what the line set up
    }
    datagram.get(start, p, 0, length);
    int header = headerLength(p, aead ? end - GCM_TAG : end);
    if (header < 0) {
      return PacketDrop.INGRESS_MALFORMED;
    }
    SrtpKeyContext key = keyNamedAt(p, end);
    if (key == null) {
      return PacketDrop.INGRESS_SRTP_UNKNOWN_MKI;
    }
    long ssrc = (p[8] & 0xffL) << 24 | (p[9] & 0xff) << 16 | (p[10] & 0xff) << 8 | (p[11] & 0xff);
    int sequence = (p[2] & 0xff) << 8 | (p[3] & 0xff);
    SrtpSources.Source source = sources.find(ssrc);
    long rollover = source.estimateRollover(sequence);
    if (rollover < 0 || rollover > 0xffff_ffffL) {
      return PacketDrop.INGRESS_SRTP_AUTHENTICATION; // before the source's first packet: no index fits
    }
    long index = rollover << 16 | sequence;
    if (authenticated && source.window.rejects(index)) {
      return PacketDrop.INGRESS_SRTP_REPLAY;
    }
    SrtpSessionKeys session = key.sessionKeys(derivationShift < 0 ? 0 : index >>> derivationShift);

    int payloadEnd;
    if (aead) {
      payloadEnd = openAead(session, s, header, end, ssrc, rollover, sequence);
      if (payloadEnd < 0) {
        return PacketDrop.INGRESS_SRTP_AUTHENTICATION;
      }
    } else {
      if (authenticated && !tagVerifies(session, s, end, length - tagLength, rollover)) {
        return PacketDrop.INGRESS_SRTP_AUTHENTICATION;
      }
      payloadEnd = end;
    }
    if (!key.use()) {
      return PacketDrop.INGRESS_SRTP_KEY_EXPIRED;
    }
    if (aead) {
      System.arraycopy(s.plain, 0, p, header, payloadEnd - header);
    } else if (encrypted) {
      counterModeIv(session.salt, s.iv, ssrc, index);
      AesCounterMode.xor(session.cipher, s.iv, 0, p, header, end - header, s.counters, s.keystream);
    }
    datagram.put(start + header, p, header, payloadEnd - header);
    datagram.limit(start + payloadEnd);
    sources.accepted(source, rollover, sequence, index);
    return null;
  }

  /** The master key whose MKI the packet carries at {@code at}; the only key when there is no MKI. */
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

  /** RFC 3711 §4.2: HMAC-SHA1 over the authenticated portion and the ROC, compared in constant time. */
  private boolean tagVerifies(SrtpSessionKeys session, SrtpScratch s, int end, int tagAt, long rollover) {
    byte[] roc = s.rollover;
    roc[0] = (byte) (rollover >>> 24);
    roc[1] = (byte) (rollover >>> 16);
    roc[2] = (byte) (rollover >>> 8);
    roc[3] = (byte) rollover;
    session.mac.update(s.packet, 0, end);
    session.mac.update(roc, 0, 4);
    session.mac.doFinal(s.tag, 0);
    int diff = 0;
    for (int i = 0; i < tagLength; i++) {
      diff |= s.tag[i] ^ s.packet[tagAt + i];
    }
    return diff == 0;
  }

  /** RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16). */
  static void counterModeIv(byte[] salt, byte[] iv, long ssrc, long index) {
    System.arraycopy(salt, 0, iv, 0, 14);
    iv[14] = 0;
    iv[15] = 0;
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= (byte) (ssrc >>> (8 * (3 - i)));
    }
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
    }
  }

  /**
   * RFC 7714 §8: IV = (00 00 || SSRC || ROC || SEQ) XOR salt, the RTP header as associated data,
   * the payload and the GCM tag as ciphertext. @return the end of the plaintext payload (written to
   * the scratch's plain array from 0), or -1 if the tag does not verify
   */
  private static int openAead(SrtpSessionKeys session, SrtpScratch s, int header, int end, long ssrc,
      long rollover, int sequence) {
    byte[] iv = s.aeadIv;
    iv[0] = 0;
    iv[1] = 0;
    for (int i = 0; i < 4; i++) {
      iv[2 + i] = (byte) (ssrc >>> (8 * (3 - i)));
      iv[6 + i] = (byte) (rollover >>> (8 * (3 - i)));
    }
    iv[10] = (byte) (sequence >>> 8);
    iv[11] = (byte) sequence;
    for (int i = 0; i < 12; i++) {
      iv[i] ^= session.salt[i];
    }
    try {
      Cipher gcm = session.cipher;
      gcm.init(Cipher.DECRYPT_MODE, session.encryptionKey, new GCMParameterSpec(GCM_TAG * 8, iv));
      gcm.updateAAD(s.packet, 0, header);
      return header + gcm.doFinal(s.packet, header, end - header, s.plain, 0);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      return -1;
    }
  }

  /** Length of the RTP header (fixed part, CSRCs, extension), or -1 if it runs past {@code length}. */
  private static int headerLength(byte[] packet, int length) {
    int b0 = packet[0] & 0xff;
    if ((b0 >>> 6) != 2) {
      return -1;
    }
    int n = RtpPacket.FIXED_HEADER + 4 * (b0 & 0x0f);
    if ((b0 & 0x10) != 0) {
      if (n + 4 > length) {
        return -1;
      }
      n += 4 + 4 * ((packet[n + 2] & 0xff) << 8 | (packet[n + 3] & 0xff));
    }
    return n <= length ? n : -1;
  }

  SrtpSuite suite() {
    return suite;
  }
}
