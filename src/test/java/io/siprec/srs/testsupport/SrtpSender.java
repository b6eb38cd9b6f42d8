package io.siprec.srs.testsupport;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects RTP and RTCP as an SRC would (RFC 3711; AES-256 per RFC 6188; AES-GCM per RFC 7714), for
 * tests: every SDES suite we receive, MKIs and several master keys, a key derivation rate,
 * UNENCRYPTED_SRTP/SRTCP and UNAUTHENTICATED_SRTP. Written apart from the server's receiver: its
 * own suite table, the JDK's AES/CTR and AES/GCM in encrypt mode, its own rollover counting and key
 * derivation. {@code SrtpSenderTest} holds it bit for bit to libsrtp's packets.
 */
public final class SrtpSender {
  /** key octets, salt octets, SRTP tag octets, SRTCP tag octets, AEAD */
  private record Suite(int key, int salt, int srtpTag, int srtcpTag, boolean aead) {}

  private static final Map<String, Suite> SUITES =
      Map.of(
          "AES_CM_128_HMAC_SHA1_80", new Suite(16, 14, 10, 10, false),
          "AES_CM_128_HMAC_SHA1_32", new Suite(16, 14, 4, 10, false),
          "AES_256_CM_HMAC_SHA1_80", new Suite(32, 14, 10, 10, false),
          "AES_256_CM_HMAC_SHA1_32", new Suite(32, 14, 4, 10, false),
          "AEAD_AES_128_GCM", new Suite(16, 12, 16, 16, true),
          "AEAD_AES_256_GCM", new Suite(32, 12, 16, 16, true));

  private record MasterKey(byte[] key, byte[] salt, byte[] mki) {}

  private final Suite suite;
  private final List<MasterKey> keys;
  private final int kdr;
  private final boolean encryptRtp;
  private final boolean authenticateRtp;
  private final boolean encryptRtcp;
  private final Map<Long, long[]> rolloverBySsrc = new HashMap<>(); // {roc, last sequence}
  private int keyInUse;
  private long rtcpIndex;
  private int rtpProtected;
  private int rollOverAfter = -1;

  /** AES_CM_128 with an 80-bit (10) or 32-bit (4) tag, one key, no MKI. */
  public SrtpSender(byte[] masterKey, byte[] masterSalt, int tagLength) {
    this(
        builder(tagLength == 10 ? "AES_CM_128_HMAC_SHA1_80" : "AES_CM_128_HMAC_SHA1_32")
            .key(concat(masterKey, masterSalt)));
  }

  private SrtpSender(Builder b) {
    suite = b.suite;
    keys = List.copyOf(b.keys);
    kdr = b.kdr;
    encryptRtp = b.encryptRtp;
    authenticateRtp = b.authenticateRtp;
    encryptRtcp = b.encryptRtcp;
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no key");
    }
  }

  public static Builder builder(String sdesSuite) {
    Suite s = SUITES.get(sdesSuite);
    if (s == null) {
      throw new IllegalArgumentException("no suite " + sdesSuite);
    }
    return new Builder(s);
  }

  /** Options of an SDES line. */
  public static final class Builder {
    private final Suite suite;
    private final List<MasterKey> keys = new ArrayList<>();
    private int mkiLength;
    private int kdr;
    private boolean encryptRtp = true;
    private boolean authenticateRtp = true;
    private boolean encryptRtcp = true;

    private Builder(Suite suite) {
      this.suite = suite;
    }

    /** The line's MKI length in octets; set before adding keys with an MKI. */
    public Builder mkiLength(int octets) {
      this.mkiLength = octets;
      return this;
    }

    /** A master key (key||salt as in the inline parameter) named by no MKI. */
    public Builder key(byte[] keySalt) {
      return key(keySalt, -1);
    }

    /** A master key (key||salt) with its MKI value, written big-endian in the MKI length. */
    public Builder key(byte[] keySalt, long mki) {
      if (keySalt.length != suite.key + suite.salt) {
        throw new IllegalArgumentException("key||salt of " + keySalt.length + " octets");
      }
      byte[] m = new byte[mki < 0 ? 0 : mkiLength];
      for (int i = m.length - 1, shift = 0; i >= 0 && shift < 64; i--, shift += 8) {
        m[i] = (byte) (mki >>> shift);
      }
      keys.add(
          new MasterKey(
              Arrays.copyOf(keySalt, suite.key),
              Arrays.copyOfRange(keySalt, suite.key, keySalt.length),
              m));
      return this;
    }

    /** KDR=n: session keys derived again every 2^n packets. */
    public Builder keyDerivationRate(int n) {
      this.kdr = n;
      return this;
    }

    public Builder unencryptedSrtp() {
      encryptRtp = false;
      return this;
    }

    public Builder unauthenticatedSrtp() {
      authenticateRtp = false;
      return this;
    }

    public Builder unencryptedSrtcp() {
      encryptRtcp = false;
      return this;
    }

    public SrtpSender build() {
      return new SrtpSender(this);
    }
  }

  /** From the next packet on, protect with the {@code i}-th key (a key rollover). */
  public SrtpSender useKey(int i) {
    keyInUse = i;
    return this;
  }

  /**
   * A key rollover mid-stream, as an SRC does it: after {@code rtpPackets} SRTP packets, SRTP and
   * SRTCP go on with the next key (its MKI in every packet tells the receiver).
   */
  public SrtpSender rollOverAfter(int rtpPackets) {
    rollOverAfter = rtpPackets;
    return this;
  }

  /** The SRTCP index of the next RTCP packet. */
  public SrtpSender rtcpIndex(long index) {
    rtcpIndex = index;
    return this;
  }

  /** SRTP (RFC 3711 §3.1, RFC 7714 §8). @return a new buffer holding the SRTP packet */
  public ByteBuffer protect(ByteBuffer rtp) {
    if (rtpProtected++ == rollOverAfter) {
      keyInUse++;
    }
    byte[] p = new byte[rtp.remaining()];
    rtp.duplicate().get(p);
    int sequence = (p[2] & 0xff) << 8 | (p[3] & 0xff);
    long ssrc = (p[8] & 0xffL) << 24 | (p[9] & 0xff) << 16 | (p[10] & 0xff) << 8 | (p[11] & 0xff);
    long[] state = rolloverBySsrc.computeIfAbsent(ssrc, s -> new long[] {0, -1});
    if (state[1] >= 0 && sequence < state[1] && state[1] - sequence > 32768) {
      state[0]++;
    }
    state[1] = sequence;
    long roc = state[0];
    int header = 12 + 4 * (p[0] & 0x0f);
    if ((p[0] & 0x10) != 0) {
      header += 4 + 4 * ((p[header + 2] & 0xff) << 8 | (p[header + 3] & 0xff));
    }
    long index = (roc << 16) | sequence;
    MasterKey k = keys.get(keyInUse);
    long r = kdr == 0 ? 0 : index >>> kdr;
    byte[] encryptionKey = prf(k, 0, r, suite.key);
    byte[] sessionSalt = prf(k, 2, r, suite.salt);
    try {
      if (suite.aead) {
        byte[] iv = new byte[12];
        for (int i = 0; i < 4; i++) {
          iv[2 + i] = p[8 + i];
          iv[6 + i] = (byte) (roc >>> (24 - 8 * i));
        }
        iv[10] = p[2];
        iv[11] = p[3];
        xorInto(iv, sessionSalt);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(encryptionKey, "AES"),
            new GCMParameterSpec(128, iv));
        gcm.updateAAD(p, 0, header);
        byte[] sealed = gcm.doFinal(p, header, p.length - header);
        return ByteBuffer.allocate(header + sealed.length + k.mki.length)
            .put(p, 0, header)
            .put(sealed)
            .put(k.mki)
            .flip();
      }
      if (encryptRtp) {
        byte[] iv = new byte[16];
        System.arraycopy(sessionSalt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
          iv[4 + i] ^= p[8 + i];
        }
        for (int i = 0; i < 6; i++) {
          iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
        }
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(
            Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
        byte[] encrypted = ctr.doFinal(p, header, p.length - header);
        System.arraycopy(encrypted, 0, p, header, encrypted.length);
      }
      int tag = authenticateRtp ? suite.srtpTag : 0;
      ByteBuffer out = ByteBuffer.allocate(p.length + k.mki.length + tag).put(p).put(k.mki);
      if (tag > 0) {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(prf(k, 1, r, 20), "HmacSHA1"));
        mac.update(p);
        mac.update(
            new byte[] {(byte) (roc >>> 24), (byte) (roc >>> 16), (byte) (roc >>> 8), (byte) roc});
        out.put(mac.doFinal(), 0, tag);
      }
      return out.flip();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * SRTCP (RFC 3711 §3.4, RFC 7714 §9): encrypts all but the first 8 octets (unless
   * UNENCRYPTED_SRTCP), appends E with the next SRTCP index, the MKI and the tag. @return a new
   * buffer
   */
  public ByteBuffer protectRtcp(ByteBuffer rtcp) {
    byte[] p = new byte[rtcp.remaining()];
    rtcp.duplicate().get(p);
    long index = rtcpIndex++ & 0x7fffffffL;
    MasterKey k = keys.get(keyInUse);
    long r = kdr == 0 ? 0 : index >>> kdr;
    byte[] encryptionKey = prf(k, 3, r, suite.key);
    byte[] sessionSalt = prf(k, 5, r, suite.salt);
    int eIndex = (int) ((encryptRtcp ? 0x80000000L : 0) | index);
    try {
      if (suite.aead) {
        byte[] iv = new byte[12];
        System.arraycopy(p, 4, iv, 2, 4);
        for (int i = 0; i < 4; i++) {
          iv[8 + i] = (byte) (index >>> (24 - 8 * i));
        }
        xorInto(iv, sessionSalt);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(encryptionKey, "AES"),
            new GCMParameterSpec(128, iv));
        byte[] trailer = ByteBuffer.allocate(4).putInt(eIndex).array();
        byte[] sealed;
        if (encryptRtcp) {
          gcm.updateAAD(p, 0, 8);
          gcm.updateAAD(trailer);
          sealed = gcm.doFinal(p, 8, p.length - 8);
          return ByteBuffer.allocate(8 + sealed.length + 4 + k.mki.length)
              .put(p, 0, 8)
              .put(sealed)
              .put(trailer)
              .put(k.mki)
              .flip();
        }
        gcm.updateAAD(p);
        gcm.updateAAD(trailer);
        sealed = gcm.doFinal();
        return ByteBuffer.allocate(p.length + sealed.length + 4 + k.mki.length)
            .put(p)
            .put(sealed)
            .put(trailer)
            .put(k.mki)
            .flip();
      }
      if (encryptRtcp) {
        byte[] iv = new byte[16];
        System.arraycopy(sessionSalt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
          iv[4 + i] ^= p[4 + i];
          iv[10 + i] ^= (byte) (index >>> (8 * (3 - i)));
        }
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(
            Cipher.ENCRYPT_MODE, new SecretKeySpec(encryptionKey, "AES"), new IvParameterSpec(iv));
        byte[] encrypted = ctr.doFinal(p, 8, p.length - 8);
        System.arraycopy(encrypted, 0, p, 8, encrypted.length);
      }
      ByteBuffer out =
          ByteBuffer.allocate(p.length + 4 + k.mki.length + suite.srtcpTag).put(p).putInt(eIndex);
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(prf(k, 4, r, 20), "HmacSHA1"));
      mac.update(out.array(), 0, out.position());
      out.put(k.mki).put(mac.doFinal(), 0, suite.srtcpTag);
      return out.flip();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * RFC 3711 §4.3 with AES-CM as PRF (AES-256 for 32-octet master keys, RFC 6188); a 96-bit salt is
   * taken as salt || 0x0000 (RFC 7714 erratum 4938).
   */
  static byte[] prf(MasterKey k, int label, long r, int length) {
    try {
      byte[] iv = new byte[16];
      System.arraycopy(k.salt, 0, iv, 0, k.salt.length);
      iv[7] ^= (byte) label;
      for (int i = 0; i < 6; i++) {
        iv[8 + i] ^= (byte) (r >>> (40 - 8 * i));
      }
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.key, "AES"), new IvParameterSpec(iv));
      return ctr.doFinal(new byte[length]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void xorInto(byte[] target, byte[] with) {
    for (int i = 0; i < target.length; i++) {
      target[i] ^= with[i];
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
