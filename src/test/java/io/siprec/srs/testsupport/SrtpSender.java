package io.siprec.srs.testsupport;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects RTP packets as an SRC would (RFC 3711, AES-CM-128, HMAC-SHA1), for tests. Written
 * apart from the server's receiver: JDK AES/CTR for the keystream, its own rollover counting.
 */
public final class SrtpSender {
  private final byte[] encryptionKey;
  private final byte[] authenticationKey;
  private final byte[] salt;
  private final int tagLength;
  private long rollover;
  private int lastSequence = -1;

  private final byte[] rtcpEncryptionKey;
  private final byte[] rtcpAuthenticationKey;
  private final byte[] rtcpSalt;
  private int rtcpIndex;

  public SrtpSender(byte[] masterKey, byte[] masterSalt, int tagLength) {
    this.encryptionKey = prf(masterKey, masterSalt, 0, 16);
    this.authenticationKey = prf(masterKey, masterSalt, 1, 20);
    this.salt = prf(masterKey, masterSalt, 2, 14);
    this.tagLength = tagLength;
    this.rtcpEncryptionKey = prf(masterKey, masterSalt, 3, 16);
    this.rtcpAuthenticationKey = prf(masterKey, masterSalt, 4, 20);
    this.rtcpSalt = prf(masterKey, masterSalt, 5, 14);
  }

  /**
   * SRTCP (RFC 3711 §3.4): encrypts all but the first 8 octets, appends E=1 with the next SRTCP
   * index and an 80-bit tag. @return a new buffer
   */
  public ByteBuffer protectRtcp(ByteBuffer rtcp) {
    byte[] p = new byte[rtcp.remaining()];
    rtcp.duplicate().get(p);
    int index = rtcpIndex++ & 0x7fffffff;
    byte[] iv = new byte[16];
    System.arraycopy(rtcpSalt, 0, iv, 0, 14);
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= p[4 + i];
    }
    for (int i = 0; i < 4; i++) {
      iv[10 + i] ^= (byte) (index >>> (8 * (3 - i)));
    }
    try {
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(rtcpEncryptionKey, "AES"), new IvParameterSpec(iv));
      byte[] encrypted = ctr.doFinal(p, 8, p.length - 8);
      ByteBuffer out = ByteBuffer.allocate(p.length + 4 + 10);
      out.put(p, 0, 8).put(encrypted).putInt(0x80000000 | index);
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(rtcpAuthenticationKey, "HmacSHA1"));
      mac.update(out.array(), 0, out.position());
      out.put(mac.doFinal(), 0, 10).flip();
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 3711 §4.3: AES-CM PRF with a key derivation rate of 0. */
  static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
    try {
      byte[] iv = new byte[16];
      System.arraycopy(masterSalt, 0, iv, 0, 14);
      iv[7] ^= (byte) label;
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
      return ctr.doFinal(new byte[length]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return a new buffer holding the SRTP packet */
  public ByteBuffer protect(ByteBuffer rtp) {
    byte[] p = new byte[rtp.remaining()];
    rtp.duplicate().get(p);
    int sequence = (p[2] & 0xff) << 8 | (p[3] & 0xff);
    if (lastSequence >= 0 && sequence < lastSequence && lastSequence - sequence > 32768) {
      rollover++;
    }
    lastSequence = sequence;
    int header = 12 + 4 * (p[0] & 0x0f);
    if ((p[0] & 0x10) != 0) {
      header += 4 + 4 * ((p[header + 2] & 0xff) << 8 | (p[header + 3] & 0xff));
    }
    long index = (rollover << 16) | sequence;
    byte[] iv = new byte[16];
    System.arraycopy(salt, 0, iv, 0, 14);
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= p[8 + i];
    }
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
    }
    try {
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
      byte[] encrypted = ctr.doFinal(p, header, p.length - header);
      System.arraycopy(encrypted, 0, p, header, encrypted.length);
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(authenticationKey, "HmacSHA1"));
      mac.update(p);
      mac.update(new byte[] {(byte) (rollover >>> 24), (byte) (rollover >>> 16), (byte) (rollover >>> 8),
          (byte) rollover});
      byte[] tag = mac.doFinal();
      ByteBuffer out = ByteBuffer.allocate(p.length + tagLength);
      out.put(p).put(tag, 0, tagLength).flip();
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
