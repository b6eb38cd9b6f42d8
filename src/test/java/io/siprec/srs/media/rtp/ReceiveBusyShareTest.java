package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceiveBusyShareTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void theBusiestThreadOverTheLastPeriodIsTheShareAndAReadReturnsTheLastSample() {
    AtomicLong now = new AtomicLong(5 * SECOND);
    AtomicLong a = new AtomicLong(100);
    AtomicLong b = new AtomicLong(7 * SECOND);
    ReceiveBusyShare share = new ReceiveBusyShare(List.of(a::get, b::get), now::get);
    assertThat(share.share()).as("before the first sample").isZero();

    now.addAndGet(SECOND);
    a.addAndGet(SECOND / 10);
    b.addAndGet(SECOND * 6 / 10);
    share.sample();
    assertThat(share.share()).isCloseTo(0.6, within(1e-9));

    now.addAndGet(SECOND / 2); // between ticks: the last sample
    b.addAndGet(SECOND / 2);
    assertThat(share.share()).isCloseTo(0.6, within(1e-9));
    now.addAndGet(SECOND / 2);
    share.sample(); // b busy 0.5 s of this second
    assertThat(share.share()).isCloseTo(0.5, within(1e-9));

    now.addAndGet(SECOND);
    share.sample();
    assertThat(share.share()).as("idle: headroom back within one period").isZero();
  }

  @Test
  void aLoopCountsTheTimeItSpendsOnDatagramsAndNotTheTimeItWaits() throws Exception {
    RtpReceiveLoop loop = new RtpReceiveLoop("test-rtp");
    loop.start();
    int datagrams = 5;
    CountDownLatch handled = new CountDownLatch(datagrams);
    try (DatagramChannel server = DatagramChannel.open();
        DatagramChannel client = DatagramChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      server.configureBlocking(false);
      RtpReceiveLoop.Reader slow =
          new RtpReceiveLoop.Reader() {
            @Override
            public void onDatagram(
                ByteBuffer datagram,
                SocketAddress from,
                long nowNanos,
                long nowMillis,
                boolean truncated) {
              long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(40);
              while (System.nanoTime() < until) {
                Thread.onSpinWait(); // 40 ms of work per datagram
              }
              handled.countDown();
            }

            @Override
            public void socketError(IOException e) {}
          };
      CountDownLatch registered = new CountDownLatch(1);
      loop.execute(
          () -> {
            try {
              loop.register(server, slow);
            } catch (IOException e) {
              throw new AssertionError(e);
            }
            registered.countDown();
          });
      assertThat(registered.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300); // waiting in select is not busy
      assertThat(loop.busyNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(20));

      long before = System.nanoTime();
      for (int i = 0; i < datagrams; i++) {
        client.send(ByteBuffer.wrap(new byte[] {(byte) i}), server.getLocalAddress());
        Thread.sleep(60); // one wake-up each
      }
      assertThat(handled.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(50); // the round that handled the last one has ended
      long wall = System.nanoTime() - before;
      assertThat(loop.busyNanos())
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40L * datagrams))
          .isLessThan(wall);
    } finally {
      loop.stop();
    }
  }
}
