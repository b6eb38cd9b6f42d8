package io.siprec.srs.media.rtp;

import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSessionParameters;
import io.siprec.srs.session.SrtpSuite;
import java.nio.ByteBuffer;

/**
 * Verifies and decrypts one incoming SRTP stream (RFC 3711) with the JDK's AES: AES-CM with 128- or
 * 256-bit keys (RFC 6188) and 80- or 32-bit HMAC-SHA1 tags (RFC 2104 over the JDK's SHA-1: {@link
 * HmacSha1}), or AES-GCM (RFC 7714). Decrypts in place and trims MKI and tag, so the datagram then
 * reads as plain RTP. The keys and transforms are {@link SrtpCrypto}'s, shared with SRTCP; this
 * class adds SRTP's packet layout, index (ROC and sequence) and replay lists.
 *
 * <p>What the SDES line set up is enforced per packet: the MKI picks the master key (RFC 3711 §3.1;
 * an unknown one is refused), a key is not used beyond its lifetime (RFC 3711 §9.2, RFC 4568 §6.1),
 * session keys are derived again every 2^KDR packets (RFC 3711 §4.3.1), packets that authenticate
 * enter a replay list (RFC 3711 §3.3.2) whose size honours the sender's WSH hint (RFC 4568 §6.3.6),
 * and UNENCRYPTED_SRTP / UNAUTHENTICATED_SRTP (§6.3.2, §6.3.3) skip what they say. Each SSRC has
 * its own rollover counter and replay list (late binding, RFC 4568 §6.4.1).
 *
 * <p>Allocates nothing per packet with the AES-CM suites. With AES-GCM the JDK forces a
 * GCMParameterSpec (the IV changes every packet) and allocates inside Cipher.init/doFinal: measured
 * by {@code SrtpAllocationTest}, and a known cost. Deriving session keys again (at the first
 * packet, and with KDR every 2^n packets) allocates the JDK's key schedule.
 *
 * <p>Single-threaded: one instance per stream, on its loop thread.
 */
final class SrtpReceiver {
  /** Replay list size without a larger WSH: 20 s of 20 ms packets, well past any reorder depth. */
  static final int DEFAULT_REPLAY_WINDOW = 1024;

  /** The largest WSH honoured (a 1 kB bitmap per source). */
  static final int MAX_REPLAY_WINDOW = 8192;

  private static final int GCM_TAG = SrtpCrypto.GCM_TAG;

  private final SrtpCrypto crypto;
  private final int mkiLength;

  /** HMAC tag octets at the end of the packet (0 for AEAD, whose tag is in the ciphertext). */
  private final int tagLength;

  private final boolean aead;
  private final boolean encrypted;
  private final boolean authenticated;
  private final int replayWindow;
  private final SrtpSources sources;

  SrtpReceiver(SrtpParameters keying) {
    this(new SrtpCrypto(keying, false), keying.session());
  }

  private SrtpReceiver(SrtpCrypto crypto, SrtpSessionParameters session) {
    this.crypto = crypto;
    this.mkiLength = crypto.mkiLength();
    this.aead = crypto.aead();
    this.encrypted = !session.unencryptedSrtp();
    this.authenticated = !session.unauthenticatedSrtp();
    this.tagLength = aead || !authenticated ? 0 : crypto.suite().srtpTagLength();
    this.replayWindow = replayWindow(session.windowSizeHint());
    this.sources = new SrtpSources(replayWindow);
  }

  /** A receiver on session keys given as they are (RFC 7714's test vectors give no master key). */
  static SrtpReceiver withSessionKeys(
      SrtpSuite suite, byte[] encryptionKey, byte[] authenticationKey, byte[] sessionSalt) {
    return new SrtpReceiver(
        SrtpCrypto.withSessionKeys(suite, encryptionKey, authenticationKey, sessionSalt),
        SrtpSessionParameters.DEFAULT);
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
   * @return null if accepted (the datagram then holds the RTP packet), else why it was refused; a
   *     refused datagram is left unchanged
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
    SrtpKeyContext key = crypto.keyNamedAt(p, end);
    if (key == null) {
      return PacketDrop.INGRESS_SRTP_UNKNOWN_MKI;
    }
    long ssrc = (p[8] & 0xffL) << 24 | (p[9] & 0xff) << 16 | (p[10] & 0xff) << 8 | (p[11] & 0xff);
    int sequence = (p[2] & 0xff) << 8 | (p[3] & 0xff);
    SrtpSources.Source source = sources.find(ssrc);
    long rollover = source.estimateRollover(sequence);
    if (rollover < 0 || rollover > 0xffff_ffffL) {
      return PacketDrop
          .INGRESS_SRTP_AUTHENTICATION; // before the source's first packet: no index fits
    }
    long index = rollover << 16 | sequence;
    if (authenticated && source.window.rejects(index)) {
      return PacketDrop.INGRESS_SRTP_REPLAY;
    }
    SrtpSessionKeys session = crypto.sessionKeys(key, index);

    int payloadEnd;
    if (aead) {
      payloadEnd = openAead(session, s, header, end, ssrc, rollover, sequence);
      if (payloadEnd < 0) {
        return PacketDrop.INGRESS_SRTP_AUTHENTICATION;
      }
    } else {
      if (authenticated
          && !SrtpCrypto.tagVerifies(session, s, end, length - tagLength, tagLength, rollover)) {
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
      SrtpCrypto.decryptCounterMode(session, s, ssrc, index, header, end - header);
    }
    datagram.put(start + header, p, header, payloadEnd - header);
    datagram.limit(start + payloadEnd);
    sources.accepted(source, rollover, sequence, index);
    return null;
  }

  /**
   * RFC 7714 §8: IV = (00 00 || SSRC || ROC || SEQ) XOR salt, the RTP header as associated data,
   * the payload and the GCM tag as ciphertext. @return the end of the plaintext payload (written to
   * the scratch's plain array from 0), or -1 if the tag does not verify
   */
  private static int openAead(
      SrtpSessionKeys session,
      SrtpScratch s,
      int header,
      int end,
      long ssrc,
      long rollover,
      int sequence) {
    byte[] iv = s.aeadIv;
    iv[0] = 0;
    iv[1] = 0;
    for (int i = 0; i < 4; i++) {
      iv[2 + i] = (byte) (ssrc >>> (8 * (3 - i)));
      iv[6 + i] = (byte) (rollover >>> (8 * (3 - i)));
    }
    iv[10] = (byte) (sequence >>> 8);
    iv[11] = (byte) sequence;
    int n = SrtpCrypto.openGcm(session, s, 0, header, 0, 0, header, end - header);
    return n < 0 ? -1 : header + n;
  }

  /**
   * Length of the RTP header (fixed part, CSRCs, extension), or -1 if it runs past {@code length}.
   */
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
    return crypto.suite();
  }
}
