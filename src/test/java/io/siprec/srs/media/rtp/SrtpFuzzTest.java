package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.StreamStatistics;
import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Jazzer on SRTP and SRTCP (RFC 3711) into one stream's whole receive path. The fuzzer writes plain
 * RTP and RTCP (a {@link DatagramScript} after one octet that picks the suite: bit 0 set for
 * AES_CM_128_HMAC_SHA1_32); this target protects each datagram as an SRC would, with keys and tags
 * computed here from the RFC ({@link RfcProtector}), so the packets pass authentication and the
 * fuzzer's bytes reach decryption and everything behind it: validation, reorder buffer, decoders,
 * chunks. The contract, beyond {@link FuzzedStream}'s: every datagram protected per the RFC is
 * accepted, and only the ones it must refuse count as authentication failures (a tampered tag, a
 * packet too short to hold a header, an RTP header that runs past the packet).
 *
 * <p>Regression inputs: {@code SrtpFuzzTestInputs/protectedStream/}: the seeds below and the
 * findings.
 */
class SrtpFuzzTest {
  static final String INPUTS = "io/siprec/srs/media/rtp/SrtpFuzzTestInputs/protectedStream";
  private static final long ALLOCATION_BUDGET = 32L << 20;
  private static final byte[] MASTER_KEY = bytes(16, 0x11);
  private static final byte[] MASTER_SALT = bytes(14, 0x22);

  @FuzzTarget
  void protectedStream(byte[] input) {
    FuzzSupport.withinAllocationBudget(
        "one SRTP stream", ALLOCATION_BUDGET, () -> play(input, MASTER_KEY));
  }

  /**
   * @param senderKey the master key the sender protects with (the receiver always has MASTER_KEY)
   */
  static StreamStatistics play(byte[] input, byte[] senderKey) {
    String suite =
        input.length > 0 && (input[0] & 1) != 0
            ? SrtpParameters.AES_CM_128_HMAC_SHA1_32
            : SrtpParameters.AES_CM_128_HMAC_SHA1_80;
    SrtpParameters keys = new SrtpParameters(suite, MASTER_KEY, MASTER_SALT);
    RfcProtector sender = new RfcProtector(senderKey, MASTER_SALT, keys.suite().srtpTagLength());
    FuzzedStream stream = new FuzzedStream(keys);
    for (DatagramScript.Step step : DatagramScript.read(input, 1).steps()) {
      byte[] plain = step.datagram();
      boolean srtcp =
          step.rtcpPort()
              || plain.length >= 2 && (plain[1] & 0xff) >= 200 && (plain[1] & 0xff) <= 207;
      // Keep the protected datagram inside the receive buffer (a full one counts as truncated).
      int room =
          RtpReceiveLoop.BUFFER_BYTES
              - 1
              - (srtcp ? RfcProtector.SRTCP_TRAILER : keys.suite().srtpTagLength());
      plain = Arrays.copyOf(plain, Math.min(plain.length, room));
      byte[] datagram;
      boolean mustAccept;
      if (srtcp) {
        datagram = sender.protectRtcp(plain, (step.flags() & 32) == 0);
        mustAccept = plain.length >= 8;
      } else {
        int sequence = plain.length >= 4 ? (plain[2] & 0xff) << 8 | (plain[3] & 0xff) : 0;
        long rollover = sender.estimateRollover(sequence);
        datagram = sender.protectRtp(plain, rollover);
        mustAccept = plain.length >= 12 && RfcProtector.headerLength(plain) >= 0;
        if (mustAccept && !step.tamper()) {
          sender.authenticated(rollover, sequence);
        }
      }
      if (step.tamper()) {
        datagram[datagram.length - 1] ^= 1;
        mustAccept = false;
      }
      StreamStatistics before = stream.statistics();
      stream.deliver(step, datagram);
      StreamStatistics after = stream.statistics();
      long failures =
          srtcp
              ? after.rtcp().authFailures() - before.rtcp().authFailures()
              : after.srtpAuthFailures() - before.srtpAuthFailures();
      assertThat(failures)
          .as(
              "authentication failures for %s datagram %s",
              srtcp ? "an SRTCP" : "an SRTP",
              mustAccept ? "protected per RFC 3711" : "the RFC refuses")
          .isEqualTo(mustAccept ? 0 : 1);
    }
    return stream.finishAndCheck();
  }

  /**
   * The sending side of RFC 3711 with AES-CM-128 and HMAC-SHA1, from the RFC's text: session keys
   * by §4.3.1's PRF with a key derivation rate of 0, AES-CM by §4.1.1, the tag by §4.2, the packet
   * index as the receiver estimates it by §3.3.1, SRTCP by §3.4. One crypto context for the stream,
   * as the receiver keeps one.
   */
  static final class RfcProtector {
    static final int SRTCP_TRAILER = 4 + 10;

    private final Cipher rtpKey;
    private final Mac rtpAuthKey;
    private final byte[] rtpSalt;
    private final Cipher rtcpKey;
    private final Mac rtcpAuthKey;
    private final byte[] rtcpSalt;
    private final int tagLength;
    private boolean started;
    private long rollover; // ROC
    private int highestSequence; // s_l
    private int srtcpIndex;

    RfcProtector(byte[] masterKey, byte[] masterSalt, int tagLength) {
      this.tagLength = tagLength;
      rtpKey = aes(derive(masterKey, masterSalt, 0x00, 16));
      rtpAuthKey = hmacSha1(derive(masterKey, masterSalt, 0x01, 20));
      rtpSalt = derive(masterKey, masterSalt, 0x02, 14);
      rtcpKey = aes(derive(masterKey, masterSalt, 0x03, 16));
      rtcpAuthKey = hmacSha1(derive(masterKey, masterSalt, 0x04, 20));
      rtcpSalt = derive(masterKey, masterSalt, 0x05, 14);
    }

    /**
     * §4.3.1: key_id = label || r with r = 0 (kdr 0), x = key_id XOR master_salt (key_id aligned to
     * the salt's low end), and the session key is AES-CM of the master key at IV = x * 2^16.
     */
    private static byte[] derive(byte[] masterKey, byte[] masterSalt, int label, int length) {
      byte[] x = masterSalt.clone();
      x[14 - 7] ^= (byte) label; // 56-bit key_id: its top octet is the label, 7 octets from the end
      byte[] iv = Arrays.copyOf(x, 16);
      return keystream(masterKey, iv, length);
    }

    /** §4.1.1: E(k, IV) || E(k, IV + 1) || ..., the low 16 bits of IV counting the blocks. */
    private static byte[] keystream(byte[] key, byte[] iv, int length) {
      return keystream(aes(key), iv, length);
    }

    private static Cipher aes(byte[] key) {
      try {
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return aes;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] keystream(Cipher aes, byte[] iv, int length) {
      try {
        byte[] out = new byte[length];
        byte[] block = iv.clone();
        for (int n = 0, counter = 0; n < length; n += 16, counter++) {
          block[14] = (byte) (counter >>> 8);
          block[15] = (byte) counter;
          byte[] cipher = aes.doFinal(block);
          System.arraycopy(cipher, 0, out, n, Math.min(16, length - n));
        }
        return out;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /** §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), with i of 48 bits. */
    private static byte[] iv(byte[] salt, byte[] packet, long index) {
      byte[] iv = Arrays.copyOf(salt, 16);
      for (int i = 0; i < 4; i++) {
        iv[4 + i] ^= packet[8 + i]; // the SSRC, octets 8..11 of the RTP header
      }
      for (int i = 0; i < 6; i++) {
        iv[8 + i] ^= (byte) (index >>> (8 * (5 - i)));
      }
      return iv;
    }

    private static Mac hmacSha1(byte[] key) {
      try {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(key, "HmacSHA1"));
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    private static byte[] hmac(Mac mac, byte[] message, byte[] trailer) {
      mac.update(message);
      mac.update(trailer);
      return mac.doFinal();
    }

    /**
     * RFC 3550 §5.1 and §5.3.1: fixed header, CSRCs and extension; -1 if they run past the packet.
     */
    static int headerLength(byte[] p) {
      if (p.length < 12 || (p[0] & 0xc0) != 0x80) {
        return -1;
      }
      int n = 12 + 4 * (p[0] & 0x0f);
      if ((p[0] & 0x10) != 0) {
        if (n + 4 > p.length) {
          return -1;
        }
        n += 4 + 4 * ((p[n + 2] & 0xff) << 8 | (p[n + 3] & 0xff));
      }
      return n <= p.length ? n : -1;
    }

    /** §3.3.1: the ROC v the receiver will guess for SEQ, from its s_l and ROC. */
    long estimateRollover(int sequence) {
      if (!started) {
        return 0;
      }
      if (highestSequence < 32768) {
        return sequence - highestSequence > 32768 ? rollover - 1 : rollover;
      }
      return highestSequence - 32768 > sequence ? rollover + 1 : rollover;
    }

    /** §3.3.1: s_l and ROC move only with packets that authenticate. */
    void authenticated(long v, int sequence) {
      if (!started) {
        started = true;
        rollover = v;
        highestSequence = sequence;
      } else if (v == rollover + 1) {
        rollover = v;
        highestSequence = sequence;
      } else if (v == rollover && sequence > highestSequence) {
        highestSequence = sequence;
      }
    }

    /**
     * §3.1: encrypted payload after the header, then the tag over header, payload and ROC (§4.2).
     */
    byte[] protectRtp(byte[] plain, long v) {
      int sequence = plain.length >= 4 ? (plain[2] & 0xff) << 8 | (plain[3] & 0xff) : 0;
      byte[] packet = plain.clone();
      int header = headerLength(plain);
      if (header >= 0) {
        byte[] ks =
            keystream(rtpKey, iv(rtpSalt, plain, (v << 16) | sequence), plain.length - header);
        for (int i = header; i < packet.length; i++) {
          packet[i] ^= ks[i - header];
        }
      }
      byte[] roc = ByteBuffer.allocate(4).putInt((int) v).array();
      byte[] tag = hmac(rtpAuthKey, packet, roc);
      byte[] out = Arrays.copyOf(packet, packet.length + tagLength);
      System.arraycopy(tag, 0, out, packet.length, tagLength);
      return out;
    }

    /**
     * §3.4: all after the first 8 octets encrypted (if E), then E || SRTCP index, then an 80-bit
     * tag.
     */
    byte[] protectRtcp(byte[] plain, boolean encrypt) {
      int index = srtcpIndex++ & 0x7fffffff;
      byte[] packet = plain.clone();
      if (encrypt && plain.length > 8) {
        byte[] iv = Arrays.copyOf(rtcpSalt, 16);
        for (int i = 0; i < 4; i++) {
          iv[4 + i] ^= plain[4 + i]; // the sender's SSRC, octets 4..7 of the first RTCP packet
        }
        for (int i = 0; i < 6; i++) {
          iv[8 + i] ^= (byte) ((long) index >>> (8 * (5 - i)));
        }
        byte[] ks = keystream(rtcpKey, iv, plain.length - 8);
        for (int i = 8; i < packet.length; i++) {
          packet[i] ^= ks[i - 8];
        }
      }
      byte[] trailer = ByteBuffer.allocate(4).putInt((encrypt ? 0x80000000 : 0) | index).array();
      byte[] tag = hmac(rtcpAuthKey, packet, trailer);
      byte[] out = Arrays.copyOf(packet, packet.length + SRTCP_TRAILER);
      System.arraycopy(trailer, 0, out, packet.length, 4);
      System.arraycopy(tag, 0, out, packet.length + 4, 10);
      return out;
    }
  }

  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    StreamSeeds.plainScripts()
        .forEach((name, script) -> seeds.put(name, withSuite(0, script.write())));
    byte[] pcmu = StreamSeeds.plainScripts().get("pcmu").write();
    seeds.put("pcmu-32-bit-tags", withSuite(1, pcmu));
    byte[] tampered = pcmu.clone();
    for (int at = 0, n = 0; at + 4 <= tampered.length; n++) {
      if (n % 4 == 3) {
        tampered[at] |= 16; // every fourth datagram's tag tampered with
      }
      at += 4 + ((tampered[at + 2] & 0xff) << 8 | (tampered[at + 3] & 0xff));
    }
    seeds.put("pcmu-some-tags-tampered", withSuite(0, tampered));
    return seeds;
  }

  private static byte[] withSuite(int suite, byte[] script) {
    byte[] out = new byte[script.length + 1];
    out[0] = (byte) suite;
    System.arraycopy(script, 0, out, 1, script.length);
    return out;
  }

  private static byte[] bytes(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void committedSeedsAreTheRecipes() {
    StreamSeeds.checkCommitted(INPUTS, seeds());
  }

  /**
   * Positive control: protected seeds authenticate, decrypt and decode; tampered tags are refused.
   */
  @Test
  void protectedSeedsReachTheDecoders() {
    Map<String, byte[]> seeds = seeds();
    for (String name : new String[] {"pcmu", "g722", "g729-with-dtx", "opus", "pcmu-32-bit-tags"}) {
      StreamStatistics s = play(seeds.get(name), MASTER_KEY);
      assertThat(s.srtpAuthFailures()).as(name).isZero();
      assertThat(s.packetsDecoded()).as(name).isGreaterThan(s.packetsReceived() / 2);
    }
    assertThat(play(seeds.get("pcmu-some-tags-tampered"), MASTER_KEY).srtpAuthFailures())
        .isEqualTo(5);
    StreamStatistics rtcp = play(seeds.get("rtcp-on-both-ports"), MASTER_KEY);
    assertThat(rtcp.rtcp().senderReports()).isEqualTo(1);
    assertThat(rtcp.rtcp().authFailures()).isZero();
  }

  /**
   * The target's authentication check can fail: a sender with another master key is refused
   * throughout.
   */
  @Test
  void aSenderWithAnotherKeyFailsTheTarget() {
    assertThatThrownBy(() -> play(seeds().get("pcmu"), bytes(16, 0x33)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("authentication failures");
  }
}
