package io.siprec.srs.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our test sender protects exactly as libsrtp does: for every fixture libsrtp made (every suite,
 * MKIs with a key rollover, the session parameters), the sender given the same plain packets and
 * keys writes the same octets. So the end-to-end tests, which use the sender, send what an
 * independent implementation would.
 */
class SrtpSenderTest {
  static Stream<LibsrtpFixtures.Case> libsrtpCases() {
    return LibsrtpFixtures.manifest().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("libsrtpCases")
  void protectsAsLibsrtpDoes(LibsrtpFixtures.Case c) {
    SrtpSender.Builder b = SrtpSender.builder(c.suite()).mkiLength(c.mkiLength());
    if (c.mkiLength() == 0) {
      b.key(c.keys().get(0).keySalt());
    } else {
      c.keys().forEach(k -> b.key(k.keySalt(), k.mki()));
    }
    if (c.services().equals("auth")) {
      if (c.rtcp()) {
        b.unencryptedSrtcp();
      } else {
        b.unencryptedSrtp();
      }
    } else if (c.services().equals("conf")) {
      b.unauthenticatedSrtp();
    }
    SrtpSender sender = b.build().rtcpIndex(1); // libsrtp's first SRTCP index is 1
    List<ByteBuffer> plain = c.plain();
    List<ByteBuffer> expected = c.protectedPackets();
    for (int i = 0; i < plain.size(); i++) {
      if (c.switchAt() > 0 && i == c.switchAt()) {
        sender.useKey(1);
      }
      ByteBuffer ours = c.rtcp() ? sender.protectRtcp(plain.get(i)) : sender.protect(plain.get(i));
      assertThat(ours).as("packet %d of %s", i, c).isEqualTo(expected.get(i));
    }
  }
}
