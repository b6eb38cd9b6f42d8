package io.siprec.srs.media.rtp;

import io.siprec.srs.session.SrtpParameters;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies and decrypts one incoming SRTP stream (RFC 3711) with AES-CM-128 and HMAC-SHA1
 * (80- or 32-bit tags), using the JDK's AES and HMAC. Session keys are derived once (key
 * derivation rate 0); the rollover counter is estimated per packet (§3.3.1) and only advanced by
 * packets that authenticate. Decrypts in place and trims the tag, so the datagram then reads as
 * plain RTP. Replayed packets are left to the reorder buffer, which drops duplicates.
 *
 * <p>Allocates nothing per packet. Single-threaded: one instance per stream, on its loop thread.
 */
final class SrtpReceiver {
  private static final int MAX_PACKET = RtpReceiveLoop.BUFFER_BYTES;

  private final int tagLength;
  private final Cipher aes;
  private final Mac hmac;
  private final byte[] sessionSalt;
  private final byte[] packet = new byte[MAX_PACKET];
  private final byte[] counter = new byte[16];
  private final byte[] keystream = new byte[16];
  private final byte[] computed = new byte[20];
  private final byte[] roc = new byte[4];
  private boolean started;
  private long rolloverCounter;
  private int highestSequence;

  SrtpReceiver(SrtpParameters keying) {
    tagLength = keying.tagLength();
    try {
      byte[] encryptionKey = derive(keying, 0x00, 16);
      byte[] authenticationKey = derive(keying, 0x01, 20);
      sessionSalt = derive(keying, 0x02, 14);
      aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"));
      hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(authenticationKey, "HmacSHA1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES or HMAC-SHA1", e);
    }
  }

  /**
   * RFC 3711 §4.3.1 with a key derivation rate of 0: the key for {@code label} is the AES-CM
   * keystream of the master key at IV = (label || 0^48) XOR master salt, shifted left 16 bits.
   */
  static byte[] derive(SrtpParameters keying, int label, int length) throws GeneralSecurityException {
    Cipher prf = Cipher.getInstance("AES/ECB/NoPadding");
    prf.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keying.masterKey(), "AES"));
    byte[] iv = new byte[16];
    System.arraycopy(keying.masterSalt(), 0, iv, 0, 14);
    iv[7] ^= (byte) label; // key id = label || r (r = 0), aligned to the right of the 112-bit salt
    byte[] out = new byte[length];
    byte[] block = new byte[16];
    for (int i = 0, n = 0; n < length; i++) {
      iv[14] = (byte) (i >> 8);
      iv[15] = (byte) i;
      prf.doFinal(iv, 0, 16, block, 0);
      int take = Math.min(16, length - n);
      System.arraycopy(block, 0, out, n, take);
      n += take;
    }
    return out;
  }

  static byte[] sessionKeyForTest(SrtpParameters keying, int label, int length) throws GeneralSecurityException {
    return derive(keying, label, length);
  }

  /**
   * Verifies and decrypts the datagram between its position and limit.
   *
   * @return false if it is not SRTP we can accept (too short, tag does not verify); the buffer
   *     is then unchanged
   */
  boolean unprotect(ByteBuffer datagram) {
    int start = datagram.position();
    int length = datagram.remaining();
    if (length < RtpPacket.FIXED_HEADER + tagLength || length > MAX_PACKET) {
      return false;
    }
    datagram.get(start, packet, 0, length);
    int headerLength = headerLength(length - tagLength);
    if (headerLength < 0) {
      return false;
    }
    int sequence = (packet[2] & 0xff) << 8 | (packet[3] & 0xff);
    long guessed = estimateRollover(sequence);

    // Authenticate: HMAC-SHA1 over the authenticated portion and the rollover counter.
    int authenticated = length - tagLength;
    roc[0] = (byte) (guessed >>> 24);
    roc[1] = (byte) (guessed >>> 16);
    roc[2] = (byte) (guessed >>> 8);
    roc[3] = (byte) guessed;
    try {
      hmac.update(packet, 0, authenticated);
      hmac.update(roc, 0, 4);
      hmac.doFinal(computed, 0);
    } catch (GeneralSecurityException e) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < tagLength; i++) {
      diff |= computed[i] ^ packet[authenticated + i]; // constant time
    }
    if (diff != 0) {
      return false;
    }

    // Decrypt: AES in counter mode, IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).
    long index = (guessed << 16) | sequence;
    System.arraycopy(sessionSalt, 0, counter, 0, 14);
    counter[14] = 0;
    counter[15] = 0;
    for (int i = 0; i < 4; i++) {
      counter[4 + i] ^= packet[8 + i];
    }
    for (int i = 0; i < 6; i++) {
      counter[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
    }
    try {
      for (int off = headerLength, block = 0; off < authenticated; off += 16, block++) {
        counter[14] = (byte) (block >> 8);
        counter[15] = (byte) block;
        aes.doFinal(counter, 0, 16, keystream, 0);
        int n = Math.min(16, authenticated - off);
        for (int i = 0; i < n; i++) {
          packet[off + i] ^= keystream[i];
        }
      }
    } catch (GeneralSecurityException e) {
      return false;
    }
    datagram.put(start + headerLength, packet, headerLength, authenticated - headerLength);
    datagram.limit(start + authenticated);
    commitRollover(guessed, sequence);
    return true;
  }

  /** RFC 3711 §3.3.1: the rollover counter this sequence number most likely belongs to. */
  private long estimateRollover(int sequence) {
    if (!started) {
      return 0;
    }
    if (highestSequence < 32768) {
      return sequence - highestSequence > 32768 ? rolloverCounter - 1 : rolloverCounter;
    }
    return highestSequence - 32768 > sequence ? rolloverCounter + 1 : rolloverCounter;
  }

  private void commitRollover(long guessed, int sequence) {
    if (!started) {
      started = true;
      rolloverCounter = guessed;
      highestSequence = sequence;
    } else if (guessed > rolloverCounter) {
      rolloverCounter = guessed;
      highestSequence = sequence;
    } else if (guessed == rolloverCounter && sequence > highestSequence) {
      highestSequence = sequence;
    }
  }

  /** Length of the RTP header (fixed part, CSRCs, extension), or -1 if it runs past the end. */
  private int headerLength(int length) {
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
}
