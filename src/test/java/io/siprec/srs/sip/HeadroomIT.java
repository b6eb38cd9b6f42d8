package io.siprec.srs.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.JmsProbe;
import io.siprec.srs.testsupport.PacedRtpSender;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.RtpPlan;
import io.siprec.srs.testsupport.SipClient;
import io.siprec.srs.testsupport.SrsServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Admission by measured headroom over real SIP and RTP: the RTP receive thread's busy share is a
 * gauge, here with a limit of 1 % so that a CI machine can spend it. A call records at its normal
 * pace while a second call's port is flooded (a burst of duplicate packets, read and dropped by the
 * server: work for the receive thread, no audio). While the thread is that busy, a new INVITE gets
 * 503 with Retry-After and a Warning naming the gauge, OPTIONS says 503 too; the recording call
 * loses nothing; once the flood stops, the next INVITE is answered 200 again.
 */
class HeadroomIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String INVITE = "siprec-corpus/01_rfc7866_reference_invite.sip";
  private static final int PACKETS = 300; // 6 s at 20 ms
  private static final long FLOOD_PACKETS_PER_SECOND = 20_000;
  private static final Duration FLOOD_AT_MOST = Duration.ofSeconds(8);

  @Test
  void aBusyReceiveThreadRefusesNewCallsAndTheLiveOneLosesNothing() throws Exception {
    try (SrsServerProcess server =
            SrsServerProcess.named("headroom")
                .env("SRS_ADMISSION_MAX_RTP_RECEIVE_BUSY_PERCENT", "1")
                .env("SRS_SIP_RETRY_AFTER_SECONDS", "9")
                .start();
        JmsProbe jms = JmsProbe.loggedIn(server.consumerLogin());
        SipClient sip = SipClient.to(server)) {
      assertThat(server.log())
          .contains(
              "admission watches [rtp-receive-busy (limit 0.01), audio-backlog (limit 0.5),"
                  + " audio-chunk-age (limit 1.0)]");
      assertThat(sip.exchange(sip.options(), WAIT).status())
          .as("OPTIONS while idle")
          .isEqualTo(200);
      int mark = jms.mark();

      SipClient.Sent recorded = sip.prepare(Fixtures.bytes(INVITE));
      SipClient.Response recordedOk = sip.exchange(recorded, WAIT);
      assertThat(recordedOk.status()).isEqualTo(200);
      sip.ack(recorded, recordedOk);
      SipClient.Sent flooded = sip.prepare(Fixtures.bytes(INVITE));
      SipClient.Response floodedOk = sip.exchange(flooded, WAIT);
      assertThat(floodedOk.status()).isEqualTo(200);
      sip.ack(flooded, floodedOk);

      byte[] tone = Fixtures.bytes("sipp/audio/leg1_1khz.ulaw");
      List<PacedRtpSender> senders = new ArrayList<>();
      List<CompletableFuture<Integer>> sent = new ArrayList<>();
      Matcher port = Pattern.compile("m=audio (\\d+) ").matcher(recordedOk.body());
      for (int leg = 0; leg < 2 && port.find(); leg++) {
        PacedRtpSender s =
            new PacedRtpSender(server.ports.peerMedia() + 20 + 2 * leg, 0x400 + leg, null);
        senders.add(s);
        sent.add(
            s.send(
                RtpPlan.everyTwentyMillis(tone, 0, PACKETS),
                new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)))));
      }
      Matcher floodPort = Pattern.compile("m=audio (\\d+) ").matcher(floodedOk.body());
      assertThat(floodPort.find()).isTrue();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong floodSent = new AtomicLong();
      CompletableFuture<Void> flood =
          CompletableFuture.runAsync(
              () ->
                  flood(
                      new InetSocketAddress("127.0.0.1", Integer.parseInt(floodPort.group(1))),
                      stop,
                      floodSent));

      // The gauge samples once a second: ask until it has seen the flood.
      SipClient.Response refused = null;
      long deadline = System.nanoTime() + FLOOD_AT_MOST.toNanos();
      while (System.nanoTime() < deadline && !flood.isDone()) {
        SipClient.Sent probe = sip.prepare(Fixtures.bytes(INVITE));
        SipClient.Response r = sip.exchange(probe, WAIT);
        if (r.status() == 503) {
          refused = r;
          break;
        }
        assertThat(r.status()).isEqualTo(200);
        sip.ack(probe, r);
        assertThat(sip.bye(probe, r).status()).isEqualTo(200);
        SrsServerProcess.sleepQuietly(250);
      }
      SipClient.Response options = sip.exchange(sip.options(), WAIT);
      stop.set(true);
      flood.join();
      System.out.printf(
          "[HeadroomIT] flood %d packets; INVITE: %s %s, Warning %s; OPTIONS %d, Warning %s%n",
          floodSent.get(),
          refused == null ? "-" : refused.status(),
          refused == null ? "" : refused.reason(),
          refused == null ? "" : refused.header("Warning"),
          options.status(),
          options.header("Warning"));
      assertThat(refused).as("an INVITE refused while the receive thread was flooded").isNotNull();
      assertThat(refused.reason()).isEqualTo("Server at capacity");
      assertThat(refused.header("Retry-After")).isEqualTo("9");
      assertThat(refused.header("Warning")).startsWith("399 ").contains("rtp-receive-busy");
      assertThat(options.status()).as("OPTIONS in the same second").isEqualTo(503);
      assertThat(options.header("Warning")).contains("rtp-receive-busy");

      sent.forEach(CompletableFuture::join);
      senders.forEach(PacedRtpSender::close);
      assertThat(sip.bye(recorded, recordedOk).status()).isEqualTo(200);
      assertThat(sip.bye(flooded, floodedOk).status()).isEqualTo(200);
      // By Call-ID: the two sessions' started events need not come in the order of the INVITEs.
      String recordedId =
          jms.events().stream()
              .skip(mark)
              .filter(e -> e.type().equals("session.started"))
              .filter(
                  e ->
                      e.json()
                          .getJsonObject("session")
                          .getString("callId")
                          .equals(recorded.callId()))
              .map(JmsProbe.Event::sessionId)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no session.started for the recorded call"));
      jms.awaitEvent(recordedId, "session.ended", WAIT);
      jms.awaitLastChunks(recordedId, WAIT, "1", "2");
      for (String label : List.of("1", "2")) {
        long samples =
            jms.chunks(recordedId, label).stream().mapToLong(JmsProbe.Chunk::samples).sum();
        assertThat(samples)
            .as("stream %s of the call that was up: every sample", label)
            .isEqualTo(PACKETS * 320L);
      }

      // Headroom comes back within a sampling period or two of the flood's end.
      SrsServerProcess.sleepQuietly(2_500);
      assertThat(sip.exchange(sip.options(), WAIT).status()).isEqualTo(200);
      SipClient.Sent again = sip.prepare(Fixtures.bytes(INVITE));
      SipClient.Response ok = sip.exchange(again, WAIT);
      assertThat(ok.status()).isEqualTo(200);
      sip.ack(again, ok);
      assertThat(sip.bye(again, ok).status()).isEqualTo(200);
    }
  }

  /**
   * Duplicates of one PCMU packet at up to {@link #FLOOD_PACKETS_PER_SECOND}: each is read and
   * checked by the server and dropped as a duplicate, so the stream gets no audio from them.
   */
  private static void flood(InetSocketAddress to, AtomicBoolean stop, AtomicLong count) {
    ByteBuffer packet = RtpPackets.packet(0, 1000, 160_000, 0x5eed, new byte[160]);
    long start = System.nanoTime();
    long end = start + FLOOD_AT_MOST.toNanos();
    try (DatagramChannel ch = DatagramChannel.open()) {
      while (!stop.get() && System.nanoTime() < end) {
        long due = (System.nanoTime() - start) * FLOOD_PACKETS_PER_SECOND / 1_000_000_000L;
        while (count.get() < due) {
          packet.rewind();
          ch.send(packet, to);
          count.incrementAndGet();
        }
        LockSupport.parkNanos(1_000_000); // bursts a millisecond apart, not a spinning core
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
