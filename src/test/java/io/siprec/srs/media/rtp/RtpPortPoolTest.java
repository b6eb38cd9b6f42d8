package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.siprec.srs.session.MediaUnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RtpPortPoolTest {
  private static final int BASE = 38100; // a block no other test uses
  private final List<DatagramChannel> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (DatagramChannel c : open) {
      c.close();
    }
  }

  private int bind(RtpPortPool pool) throws MediaUnavailableException {
    RtpPortPool.Pair pair = pool.bind();
    open.add(pair.rtp());
    open.add(pair.rtcp());
    assertThat(pair.rtcp().socket().getLocalPort()).isEqualTo(pair.port() + 1);
    return pair.port();
  }

  @Test
  void handsOutEvenPortsRoundRobinAndReusesReleasedOnesLast() throws Exception {
    RtpPortPool pool = new RtpPortPool(InetAddress.getLoopbackAddress(), BASE + 1, BASE + 8);
    assertThat(pool.capacity()).isEqualTo(3); // 38102, 38104, 38106 (38108 has no RTCP port left)

    int a = bind(pool);
    int b = bind(pool);
    pool.release(a);
    int c = bind(pool);

    assertThat(List.of(a, b, c)).containsExactly(BASE + 2, BASE + 4, BASE + 6);
    assertThat(pool.inUse()).isEqualTo(2);
  }

  @Test
  void skipsAPortSomeoneElseHolds() throws Exception {
    DatagramChannel squatter =
        DatagramChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), BASE + 20));
    open.add(squatter);
    RtpPortPool pool = new RtpPortPool(InetAddress.getLoopbackAddress(), BASE + 20, BASE + 23);

    assertThat(bind(pool)).isEqualTo(BASE + 22);
  }

  @Test
  void skipsAPairWhoseRtcpPortSomeoneElseHolds() throws Exception {
    DatagramChannel squatter =
        DatagramChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), BASE + 41));
    open.add(squatter);
    RtpPortPool pool = new RtpPortPool(InetAddress.getLoopbackAddress(), BASE + 40, BASE + 43);

    assertThat(bind(pool)).isEqualTo(BASE + 42);
  }

  @Test
  void saysSoWhenTheRangeIsExhausted() throws Exception {
    RtpPortPool pool = new RtpPortPool(InetAddress.getLoopbackAddress(), BASE + 30, BASE + 33);
    bind(pool);
    bind(pool);
    assertThatThrownBy(() -> bind(pool))
        .isInstanceOf(MediaUnavailableException.class)
        .hasMessage("no free RTP port in 38130-38133");
  }
}
