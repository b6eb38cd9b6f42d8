package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.SrtpMasterKey;
import io.siprec.srs.session.SrtpParameters;
import io.siprec.srs.session.SrtpSessionParameters;
import io.siprec.srs.session.SrtpSuite;
import io.siprec.srs.testsupport.LibsrtpFixtures;
import io.siprec.srs.testsupport.RtcpPackets;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.SrtpSender;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SRTP and SRTCP as another implementation protects them: packets libsrtp 2.5 made for every suite,
 * with and without MKI, with a key rollover mid-stream, and with UNENCRYPTED_SRTP/SRTCP and
 * UNAUTHENTICATED_SRTP (src/test/resources/srtp/libsrtp/README.md), decrypted bit for bit; then
 * what an SDES line sets up and the receiver enforces: the MKI picks the key, lifetimes, the replay
 * list and its WSH size, a key derivation rate, a rollover counter per SSRC.
 */
class SrtpReceiverTest {
  private static final HexFormat HEX = HexFormat.of();
  // RFC 3711 Appendix B.3's master key and salt, as key||salt
  private static final byte[] MATERIAL =
      HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139" + "0ec675ad498afeebb6960b3aabe6");

  static Stream<LibsrtpFixtures.Case> libsrtpCases() {
    return LibsrtpFixtures.manifest().stream();
  }

  /** The SDES keying a manifest line stands for, with each key's lifetime. */
  static SrtpParameters keying(LibsrtpFixtures.Case c, long... lifetimes) {
    SrtpSuite suite = SrtpSuite.bySdesName(c.suite()).orElseThrow();
    List<SrtpMasterKey> keys = new ArrayList<>();
    List<LibsrtpFixtures.Key> given = c.mkiLength() == 0 ? c.keys().subList(0, 1) : c.keys();
    for (int i = 0; i < given.size(); i++) {
      byte[] material = given.get(i).keySalt();
      byte[] mki = new byte[c.mkiLength()];
      for (int b = mki.length - 1, shift = 0; b >= 0 && shift < 64; b--, shift += 8) {
        mki[b] = (byte) (given.get(i).mki() >>> shift);
      }
      long lifetime = i < lifetimes.length ? lifetimes[i] : SrtpSuite.MAX_SRTP_PACKETS;
      keys.add(
          new SrtpMasterKey(
              Arrays.copyOf(material, suite.keyLength()),
              Arrays.copyOfRange(material, suite.keyLength(), material.length),
              lifetime,
              mki));
    }
    boolean auth = c.services().equals("auth");
    SrtpSessionParameters session =
        new SrtpSessionParameters(
            0, auth && !c.rtcp(), auth && c.rtcp(), c.services().equals("conf"), 0);
    return new SrtpParameters(suite, keys, c.mkiLength(), session);
  }

  /** What each packet of the case came to: null for accepted. */
  private static List<PacketDrop> unprotectAll(
      LibsrtpFixtures.Case c, SrtpParameters keying, List<ByteBuffer> packets) {
    Function<ByteBuffer, PacketDrop> receiver =
        c.rtcp() ? new SrtcpReceiver(keying)::unprotect : new SrtpReceiver(keying)::unprotect;
    List<PacketDrop> verdicts = new ArrayList<>();
    for (ByteBuffer p : packets) {
      verdicts.add(receiver.apply(p));
    }
    return verdicts;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libsrtpCases")
  void libsrtpPacketsDecryptBitForBit(LibsrtpFixtures.Case c) {
    List<ByteBuffer> plain = c.plain();
    List<ByteBuffer> packets = c.protectedPackets();
    assertThat(packets).hasSameSizeAs(plain).hasSizeGreaterThanOrEqualTo(6);

    List<PacketDrop> verdicts = unprotectAll(c, keying(c), packets);

    for (int i = 0; i < packets.size(); i++) {
      assertThat(verdicts.get(i)).as("packet %d of %s", i, c).isNull();
      assertThat(packets.get(i)).as("packet %d of %s", i, c).isEqualTo(plain.get(i));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libsrtpCases")
  void aTamperedLibsrtpPacketIsRefusedAndLeftAlone(LibsrtpFixtures.Case c) {
    if (c.services().equals("conf") && !c.rtcp()) {
      return; // UNAUTHENTICATED_SRTP: nothing to detect tampering with
    }
    ByteBuffer p = c.protectedPackets().get(3);
    p.put(c.rtcp() ? 9 : 13, (byte) (p.get(c.rtcp() ? 9 : 13) ^ 0x10));
    ByteBuffer copy = ByteBuffer.allocate(p.remaining()).put(p.duplicate()).flip();

    assertThat(unprotectAll(c, keying(c), List.of(p)))
        .containsExactly(PacketDrop.INGRESS_SRTP_AUTHENTICATION);
    assertThat(p).isEqualTo(copy);
  }

  @Test
  void theMkiOfEachPacketPicksItsKeyAcrossTheRollover() {
    for (String file : List.of("aes128-80-mki.srtp", "gcm256-mki.srtp", "aes256-80-mki.srtcp")) {
      LibsrtpFixtures.Case c = fixture(file);
      // Told only of the first key, a receiver refuses what the second protected, by its MKI
      // (with both keys, every packet decrypts: libsrtpPacketsDecryptBitForBit).
      LibsrtpFixtures.Case firstOnly =
          new LibsrtpFixtures.Case(
              c.file(),
              c.rtcp(),
              c.suite(),
              c.keys().subList(0, 1),
              c.mkiLength(),
              0,
              c.services());
      List<PacketDrop> verdicts = unprotectAll(c, keying(firstOnly), c.protectedPackets());
      for (int i = 0; i < verdicts.size(); i++) {
        assertThat(verdicts.get(i))
            .as("%s packet %d", file, i)
            .isEqualTo(i < c.switchAt() ? null : PacketDrop.INGRESS_SRTP_UNKNOWN_MKI);
      }
    }
  }

  @Test
  void aKeyIsNotUsedBeyondItsLifetime() {
    // The first key protected packets 0 to 19 (SRTP) and 0 to 2 (SRTCP): a lifetime of exactly
    // that many lets all through, one less refuses the last, and the second key goes on.
    LibsrtpFixtures.Case rtp = fixture("aes128-80-mki.srtp");
    assertThat(unprotectAll(rtp, keying(rtp, 20), rtp.protectedPackets())).containsOnlyNulls();
    List<PacketDrop> verdicts = unprotectAll(rtp, keying(rtp, 19), rtp.protectedPackets());
    assertThat(verdicts.get(19)).isEqualTo(PacketDrop.INGRESS_SRTP_KEY_EXPIRED);
    assertThat(verdicts.stream().filter(v -> v != null)).hasSize(1);

    LibsrtpFixtures.Case rtcp = fixture("gcm128-mki.srtcp");
    List<PacketDrop> rtcpVerdicts = unprotectAll(rtcp, keying(rtcp, 2), rtcp.protectedPackets());
    assertThat(rtcpVerdicts)
        .containsExactly(null, null, PacketDrop.INGRESS_SRTP_KEY_EXPIRED, null, null, null);
  }

  @Test
  void aPacketIsAcceptedOnceAndTheReplayListFollowsTheWindowSizeHint() {
    SrtpSender sender =
        new SrtpSender(Arrays.copyOf(MATERIAL, 16), Arrays.copyOfRange(MATERIAL, 16, 30), 10);
    List<ByteBuffer> packets = new ArrayList<>();
    for (int seq = 0; seq < 3000; seq++) {
      packets.add(
          sender.protect(RtpPackets.packet(0, seq, seq * 160L, 7, new byte[] {(byte) seq})));
    }
    for (int wsh : new int[] {0, 4096}) {
      SrtpReceiver receiver =
          new SrtpReceiver(
              new SrtpParameters(
                  SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                  List.of(
                      new SrtpMasterKey(
                          Arrays.copyOf(MATERIAL, 16), Arrays.copyOfRange(MATERIAL, 16, 30))),
                  0,
                  new SrtpSessionParameters(0, false, false, false, wsh)));
      assertThat(receiver.replayWindowSize()).isEqualTo(wsh == 0 ? 1024 : 4096);
      for (int seq = 0; seq < 3000; seq++) {
        if (seq != 500) {
          assertThat(receiver.unprotect(copy(packets.get(seq)))).isNull();
        }
      }
      assertThat(receiver.unprotect(copy(packets.get(2990))))
          .as("a replay")
          .isEqualTo(PacketDrop.INGRESS_SRTP_REPLAY);
      // Packet 500 never came: 2,499 behind, older than a 1024 window, inside a 4096 one.
      assertThat(receiver.unprotect(copy(packets.get(500))))
          .as("WSH=%d", wsh)
          .isEqualTo(wsh == 0 ? PacketDrop.INGRESS_SRTP_REPLAY : null);
    }
  }

  @Test
  void everySsrcStartsAtRolloverCounterZero() {
    // RFC 4568 §6.4: a new SSRC (an SRC fail-over) starts at ROC 0, whatever the old one reached.
    SrtpSender sender =
        new SrtpSender(Arrays.copyOf(MATERIAL, 16), Arrays.copyOfRange(MATERIAL, 16, 30), 10);
    SrtpReceiver receiver =
        new SrtpReceiver(
            new SrtpParameters(
                SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                Arrays.copyOf(MATERIAL, 16),
                Arrays.copyOfRange(MATERIAL, 16, 30)));
    for (int i = 0; i < 40_000; i += 1000) { // SSRC 7 wraps: ROC 1
      int seq = (40_000 + i) & 0xffff;
      assertThat(receiver.unprotect(sender.protect(RtpPackets.packet(0, seq, i, 7, new byte[20]))))
          .isNull();
    }
    for (int seq = 100; seq < 110; seq++) {
      ByteBuffer rtp = RtpPackets.packet(0, seq, seq * 160L, 8, new byte[20]);
      ByteBuffer srtp = sender.protect(rtp.duplicate());
      assertThat(receiver.unprotect(srtp)).as("SSRC 8, sequence %d", seq).isNull();
      assertThat(srtp).isEqualTo(rtp);
    }
    // and SSRC 7 continues where it was
    assertThat(receiver.unprotect(sender.protect(RtpPackets.packet(0, 14_500, 0, 7, new byte[20]))))
        .isNull();
  }

  @Test
  void aKeyDerivationRateDerivesNewSessionKeysEvery2PowNPackets() {
    byte[] material = HEX.parseHex("22e8c242f1b56c43ec03fec47125b466132914168d43dee1f23249403334");
    SrtpSender sender =
        SrtpSender.builder("AES_CM_128_HMAC_SHA1_32").key(material).keyDerivationRate(4).build();
    SrtpReceiver withKdr =
        new SrtpReceiver(
            new SrtpParameters(
                SrtpSuite.AES_CM_128_HMAC_SHA1_32,
                List.of(
                    new SrtpMasterKey(
                        Arrays.copyOf(material, 16), Arrays.copyOfRange(material, 16, 30))),
                0,
                new SrtpSessionParameters(4, false, false, false, 0)));
    SrtpReceiver withoutKdr =
        new SrtpReceiver(
            new SrtpParameters(
                SrtpSuite.AES_CM_128_HMAC_SHA1_32,
                Arrays.copyOf(material, 16),
                Arrays.copyOfRange(material, 16, 30)));
    List<ByteBuffer> plain = new ArrayList<>();
    List<ByteBuffer> packets = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int seq =
          (65_500 + i) & 0xffff; // across the wrap: the index, not the sequence number, counts
      plain.add(RtpPackets.packet(0, seq, i * 160L, 9, new byte[] {1, 2, 3, (byte) i}));
      packets.add(sender.protect(plain.get(i).duplicate()));
    }
    // 15 arrives after 16: its keys are the previous set's.
    int[] order = new int[100];
    for (int i = 0; i < 100; i++) {
      order[i] = i == 15 ? 16 : i == 16 ? 15 : i;
    }
    for (int i : order) {
      ByteBuffer p = copy(packets.get(i));
      assertThat(withKdr.unprotect(p)).as("packet %d", i).isNull();
      assertThat(p).isEqualTo(plain.get(i));
    }
    // Index 65500 is r = 4093 already: without KDR the keys differ from the first packet on.
    assertThat(withoutKdr.unprotect(copy(packets.get(0))))
        .isEqualTo(PacketDrop.INGRESS_SRTP_AUTHENTICATION);
  }

  @Test
  void srtcpOfOurSenderWithMkiAndKdrDecrypts() {
    byte[] a = HEX.parseHex("947b9e2580d5915c7150a7d41209cc433bc572a863985b2a27da861f");
    byte[] b = HEX.parseHex("74174fca519ea9cd2703753ed68701b1c0d353acb04c04c552f8ae0f");
    SrtpSender sender =
        SrtpSender.builder("AEAD_AES_128_GCM")
            .mkiLength(2)
            .key(a, 7)
            .key(b, 8)
            .keyDerivationRate(1)
            .build();
    SrtcpReceiver receiver =
        new SrtcpReceiver(
            new SrtpParameters(
                SrtpSuite.AEAD_AES_128_GCM,
                List.of(
                    new SrtpMasterKey(
                        Arrays.copyOf(a, 16),
                        Arrays.copyOfRange(a, 16, 28),
                        100,
                        new byte[] {0, 7}),
                    new SrtpMasterKey(
                        Arrays.copyOf(b, 16),
                        Arrays.copyOfRange(b, 16, 28),
                        100,
                        new byte[] {0, 8})),
                2,
                new SrtpSessionParameters(1, false, false, false, 0)));
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        sender.useKey(1);
      }
      ByteBuffer plain =
          RtcpPackets.senderReport(9, 1_700_000_000_000L + i, i * 160L, i, i * 160L, null);
      ByteBuffer p = sender.protectRtcp(plain.duplicate());
      assertThat(receiver.unprotect(p)).as("SRTCP %d", i).isNull();
      assertThat(p).isEqualTo(plain);
    }
  }

  @Test
  void aProtectedPacketWithCsrcsAndAnExtensionComesBackAsTheOriginalRtp() {
    for (String suite :
        List.of("AES_CM_128_HMAC_SHA1_80", "AES_256_CM_HMAC_SHA1_32", "AEAD_AES_256_GCM")) {
      SrtpSuite s = SrtpSuite.bySdesName(suite).orElseThrow();
      byte[] material =
          Arrays.copyOf(
              HEX.parseHex(
                  "18dbc2a616c62994d85cec29edddf0ba02e58e610abd4fc17ba10f69aea0ef5f"
                      + "d1a5754f34df114ddf795d84609a"),
              s.keySaltLength());
      SrtpSender sender = SrtpSender.builder(suite).key(material).build();
      SrtpReceiver receiver =
          new SrtpReceiver(
              new SrtpParameters(
                  s,
                  Arrays.copyOf(material, s.keyLength()),
                  Arrays.copyOfRange(material, s.keyLength(), material.length)));
      byte[] payload = "a payload longer than one AES block of sixteen octets".getBytes();
      ByteBuffer rtp = RtpPackets.packet(0, false, 4711, 160_000, 0xCAFEF00DL, payload, 2, 1, 0);
      ByteBuffer srtp = sender.protect(rtp.duplicate());
      assertThat(srtp.remaining()).isEqualTo(rtp.remaining() + s.srtpTagLength());

      assertThat(receiver.unprotect(srtp)).as(suite).isNull();

      assertThat(srtp).as(suite).isEqualTo(rtp);
    }
  }

  @Test
  void anotherKeyDoesNotVerify() {
    SrtpSender sender =
        new SrtpSender(
            HEX.parseHex("00112233445566778899aabbccddeeff"),
            Arrays.copyOfRange(MATERIAL, 16, 30),
            10);
    SrtpReceiver receiver =
        new SrtpReceiver(
            new SrtpParameters(
                SrtpSuite.AES_CM_128_HMAC_SHA1_80,
                Arrays.copyOf(MATERIAL, 16),
                Arrays.copyOfRange(MATERIAL, 16, 30)));
    assertThat(receiver.unprotect(sender.protect(RtpPackets.packet(0, 1, 160, 7, new byte[20]))))
        .isEqualTo(PacketDrop.INGRESS_SRTP_AUTHENTICATION);
  }

  @Test
  void aPacketTooShortForItsTagAndMkiIsRefused() {
    LibsrtpFixtures.Case c = fixture("gcm256-mki.srtp");
    ByteBuffer cut = c.protectedPackets().get(0);
    cut.limit(12 + 16 + 31);
    assertThat(unprotectAll(c, keying(c), List.of(cut)))
        .containsExactly(PacketDrop.INGRESS_SRTP_AUTHENTICATION);
  }

  static LibsrtpFixtures.Case fixture(String file) {
    return LibsrtpFixtures.manifest().stream()
        .filter(c -> c.file().equals(file))
        .findFirst()
        .orElseThrow();
  }

  private static ByteBuffer copy(ByteBuffer b) {
    return ByteBuffer.allocate(b.remaining()).put(b.duplicate()).flip();
  }
}
