package io.siprec.srs.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.OggOpus;
import io.siprec.srs.testsupport.RtcpPackets;
import io.siprec.srs.testsupport.RtpPackets;
import io.siprec.srs.testsupport.RtpPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seeds of the stream fuzz targets, made from our audio fixtures: plain RTP as an SRC sends it,
 * one script per codec and per kind of event. They are committed as files in each target's inputs
 * folder (Jazzer replays files); {@link #checkCommitted} keeps the files equal to this recipe, and
 * {@code -Dsrs.fuzz.writeSeeds=true} rewrites them.
 */
final class StreamSeeds {
  private static final long SSRC = 7;

  private StreamSeeds() {}

  static Map<String, DatagramScript> plainScripts() {
    Map<String, DatagramScript> seeds = new LinkedHashMap<>();
    seeds.put(
        "pcmu",
        script(
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, 20), 20, 0));
    seeds.put(
        "g722",
        script(RtpPlan.everyTwentyMillis(Fixtures.bytes("media/leg1_1khz.g722"), 9, 20), 20, 0));
    seeds.put(
        "g729-with-dtx",
        script(RtpPlan.g729(Fixtures.bytes("media/leg2_440hz_dtx.g729.frames"), 18), 40, 0));
    seeds.put(
        "opus",
        script(RtpPlan.opus(OggOpus.read(Fixtures.bytes("media/leg1_1khz.opus")), 111), 20, 0));
    seeds.put(
        "pcmu-lost-reordered-paused-moved",
        script(
            RtpPlan.everyTwentyMillis(Fixtures.bytes("sipp/audio/leg1_1khz.ulaw"), 0, 30)
                .impaired(0.1, 0.1, 42),
            30,
            1));

    List<DatagramScript.Step> events = new ArrayList<>();
    byte[] pcmu = Fixtures.bytes("sipp/audio/leg1_1khz.ulaw");
    for (int i = 0; i < 4; i++) {
      events.add(
          step(0, 20, RtpPackets.packet(0, 100 + i, 160L * i, SSRC, slice(pcmu, 160 * i, 160))));
    }
    for (int i = 0;
        i < 4;
        i++) { // RFC 4733: digit 5, volume 10, duration growing, the last ones with E
      int duration = 160 * (i + 1);
      byte end = (byte) (i >= 2 ? 0x80 | 10 : 10);
      events.add(
          step(
              0,
              20,
              RtpPackets.packet(
                  101,
                  i == 0,
                  104 + i,
                  640,
                  SSRC,
                  new byte[] {5, end, (byte) (duration >>> 8), (byte) duration},
                  0,
                  -1,
                  0)));
    }
    events.add(step(0, 20, RtpPackets.packet(13, 108, 1280, SSRC, new byte[] {40})));
    events.add(step(0, 200, RtpPackets.packet(0, 109, 3200, SSRC, slice(pcmu, 0, 160))));
    seeds.put("dtmf-and-comfort-noise", new DatagramScript(events));

    List<DatagramScript.Step> rtcp = new ArrayList<>();
    rtcp.add(step(0, 20, RtpPackets.packet(0, 1, 0, SSRC, slice(pcmu, 0, 160))));
    rtcp.add(
        step(
            2,
            5,
            RtcpPackets.senderReport(
                SSRC,
                1_700_000_000_000L,
                0,
                1,
                160,
                new RtcpPackets.ReportBlock(9, 12, 3, 70000, 40))));
    rtcp.add(
        step(0, 15, RtcpPackets.receiverReport(SSRC, new RtcpPackets.ReportBlock(9, 0, 0, 1, 1))));
    rtcp.add(step(0, 20, RtpPackets.packet(0, 2, 160, SSRC, slice(pcmu, 160, 160))));
    rtcp.add(step(2, 20, RtcpPackets.bye(SSRC)));
    seeds.put("rtcp-on-both-ports", new DatagramScript(rtcp));
    return seeds;
  }

  /**
   * @param flagsEvery when non-zero, some packets arrive from the second source, and the stream is
   *     paused and resumed on the way
   */
  private static DatagramScript script(RtpPlan plan, int count, int flagsEvery) {
    List<DatagramScript.Step> steps = new ArrayList<>();
    List<RtpPlan.Packet> packets =
        plan.packets().subList(0, Math.min(count, plan.packets().size()));
    for (RtpPlan.Packet p : packets) {
      int flags = 0;
      if (flagsEvery != 0) {
        flags = p.index() == 10 ? 4 : p.index() == 14 ? 8 : p.index() >= 20 ? 1 : 0;
      }
      ByteBuffer b =
          RtpPackets.packet(
              plan.payloadType(),
              p.index() == 0,
              100 + p.index(),
              p.timestampOffset(),
              SSRC,
              p.payload(),
              p.index() % 3,
              p.index() % 5 == 0 ? 2 : -1,
              p.index() % 7 == 0 ? 4 : 0);
      steps.add(step(flags, p.index() >= 20 && flagsEvery != 0 ? 250 : 20, b));
    }
    return new DatagramScript(steps);
  }

  private static DatagramScript.Step step(int flags, int stepMillis, ByteBuffer datagram) {
    byte[] bytes = new byte[datagram.remaining()];
    datagram.duplicate().get(bytes);
    return new DatagramScript.Step(flags, stepMillis, bytes);
  }

  private static byte[] slice(byte[] b, int from, int length) {
    return Arrays.copyOfRange(b, from, from + length);
  }

  /**
   * Each seed of {@code recipe} must be committed as {@code seed-<name>.bin} in {@code
   * inputsFolder} (a path under src/test/resources) with exactly these bytes.
   */
  static void checkCommitted(String inputsFolder, Map<String, byte[]> recipe) {
    Path dir = Path.of("src/test/resources", inputsFolder);
    try {
      if (Boolean.getBoolean("srs.fuzz.writeSeeds")) {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : recipe.entrySet()) {
          Files.write(dir.resolve("seed-" + e.getKey() + ".bin"), e.getValue());
        }
      }
      for (Map.Entry<String, byte[]> e : recipe.entrySet()) {
        Path file = dir.resolve("seed-" + e.getKey() + ".bin");
        assertThat(file).as("seed %s (rewrite with -Dsrs.fuzz.writeSeeds=true)", file).exists();
        assertThat(Files.readAllBytes(file))
            .as("seed %s (rewrite with -Dsrs.fuzz.writeSeeds=true)", file)
            .isEqualTo(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
