package io.siprec.srs.media.rtp;

import io.siprec.srs.session.SrtpParameters;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies and decrypts one stream's SRTCP (RFC 3711 §3.4) with the keys of its SRTP master key
 * (labels 3, 4 and 5). The trailer is the E flag with the 31-bit SRTCP index, then an 80-bit
 * HMAC-SHA1 tag: RFC 4568 §6.2 keeps SRTCP's tag at 80 bits for both AES_CM_128 suites. Decrypts
 * in place and trims the trailer, so the datagram then reads as plain compound RTCP.
 *
 * <p>Allocates nothing per packet. Single-threaded, on the stream's loop thread.
 */
final class SrtcpReceiver {
  private static final int TAG = 10;
  private static final int TRAILER = 4 + TAG;
  private static final int HEADER = 8; // first RTCP header and sender SSRC stay in the clear

  private final Cipher aes;
  private final Mac hmac;
  private final byte[] sessionSalt;
  private final byte[] packet = new byte[RtpReceiveLoop.BUFFER_BYTES];
  private final byte[] counter = new byte[16];
  private final byte[] keystream = new byte[16];
  private final byte[] computed = new byte[20];

  SrtcpReceiver(SrtpParameters keying) {
    try {
      byte[] encryptionKey = SrtpReceiver.derive(keying, 0x03, 16);
      byte[] authenticationKey = SrtpReceiver.derive(keying, 0x04, 20);
      sessionSalt = SrtpReceiver.derive(keying, 0x05, 14);
      aes = Cipher.getInstance("AES/ECB/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"));
      hmac = Mac.getInstance("HmacSHA1");
      hmac.init(new SecretKeySpec(authenticationKey, "HmacSHA1"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES or HMAC-SHA1", e);
    }
  }

  /**
   * @return false if the datagram is too short or its tag does not verify; the buffer is then
   *     unchanged
   */
  boolean unprotect(ByteBuffer datagram) {
    int start = datagram.position();
    int length = datagram.remaining();
    if (length < HEADER + TRAILER || length > packet.length) {
      return false;
    }
    datagram.get(start, packet, 0, length);
    int authenticated = length - TAG;
    try {
      hmac.update(packet, 0, authenticated);
      hmac.doFinal(computed, 0);
    } catch (GeneralSecurityException e) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < TAG; i++) {
      diff |= computed[i] ^ packet[authenticated + i]; // constant time
    }
    if (diff != 0) {
      return false;
    }
    int trailer = authenticated - 4;
    boolean encrypted = (packet[trailer] & 0x80) != 0;
    long index = ((packet[trailer] & 0x7fL) << 24) | ((packet[trailer + 1] & 0xffL) << 16)
        | ((packet[trailer + 2] & 0xffL) << 8) | (packet[trailer + 3] & 0xffL);
    if (encrypted) {
      // AES-CM with IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16), as for SRTP.
      System.arraycopy(sessionSalt, 0, counter, 0, 14);
      counter[14] = 0;
      counter[15] = 0;
      for (int i = 0; i < 4; i++) {
        counter[4 + i] ^= packet[4 + i];
      }
      for (int i = 0; i < 6; i++) {
        counter[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
      }
      try {
        for (int off = HEADER, block = 0; off < trailer; off += 16, block++) {
          counter[14] = (byte) (block >> 8);
          counter[15] = (byte) block;
          aes.doFinal(counter, 0, 16, keystream, 0);
          int n = Math.min(16, trailer - off);
          for (int i = 0; i < n; i++) {
            packet[off + i] ^= keystream[i];
          }
        }
      } catch (GeneralSecurityException e) {
        return false;
      }
      datagram.put(start + HEADER, packet, HEADER, trailer - HEADER);
    }
    datagram.limit(start + trailer);
    return true;
  }
}
