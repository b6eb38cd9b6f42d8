package io.siprec.srs.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.pipeline.Decoder;
import io.siprec.srs.session.AudioEncoding;
import io.siprec.srs.session.PayloadFormat;
import io.siprec.srs.testsupport.Fixtures;
import io.siprec.srs.testsupport.FuzzSupport;
import io.siprec.srs.testsupport.FuzzTarget;
import io.siprec.srs.testsupport.OggOpus;
import io.siprec.srs.testsupport.RtpPlan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jazzer on each decoder alone, one instance fed a run of payloads, with the out-of-bounds checks
 * the stream path cannot make (there the decoders write into shared working arrays): the output
 * array has guard samples on both sides of the room {@link Decoder#samplesIn} promises, and the
 * payload is a read-only view inside a larger buffer. The contract: nothing thrown; decode returns
 * -1 or at most {@code samplesIn(length)} samples and writes nowhere else; conceal writes exactly
 * what it is asked; FEC recovery at most what it is asked; the payload is never written.
 *
 * <p>Input: octet 0 picks the codec (PCMU, PCMA, G.722, G.729, Opus, modulo 5), then records of
 * {@code op, length (2 octets), payload}: op 2 asks for FEC of the frame before the payload, op 0
 * or 3 decodes it; op 1 has no payload and conceals {@code length % 5761} samples. At most 64
 * records, payloads as long as the receiver lets through (1500 octets, ReorderBuffer.MAX_PAYLOAD).
 *
 * <p>Regression inputs: {@code DecoderFuzzTestInputs/payloads/}: the seeds below and the findings.
 */
class DecoderFuzzTest {
  static final String INPUTS = "io/siprec/srs/media/codec/DecoderFuzzTestInputs/payloads";
  private static final PayloadFormat[] FORMATS = {
    new PayloadFormat(0, AudioEncoding.PCMU, 8000, 1, ""),
    new PayloadFormat(8, AudioEncoding.PCMA, 8000, 1, ""),
    new PayloadFormat(9, AudioEncoding.G722, 8000, 1, ""),
    new PayloadFormat(18, AudioEncoding.G729, 8000, 1, "annexb=yes"),
    new PayloadFormat(111, AudioEncoding.OPUS, 48000, 2, "useinbandfec=1")
  };

  /** The stream receiver's limit per decode call (PcmScratch.MAX_NATIVE). */
  private static final int MAX_NATIVE = 5760;

  private static final int MAX_PAYLOAD = 1500;
  private static final int GUARD = 32;
  private static final short CANARY = (short) 0x5a5a;

  @FuzzTarget
  void payloads(byte[] input) {
    FuzzSupport.withinAllocationBudget("one decoder run", 16L << 20, () -> play(input));
  }

  /**
   * @return samples decoded
   */
  static long play(byte[] input) {
    if (input.length == 0) {
      return 0;
    }
    Decoder decoder = Decoders.forFormat(FORMATS[(input[0] & 0xff) % FORMATS.length]).orElseThrow();
    long decoded = 0;
    int at = 1;
    for (int records = 0; at + 3 <= input.length && records < 64; records++) {
      int op = input[at] & 0xff;
      int length = (input[at + 1] & 0xff) << 8 | (input[at + 2] & 0xff);
      if ((op & 3) == 1) {
        at += 3;
        int samples = length % (MAX_NATIVE + 1);
        short[] out = guarded(samples);
        assertThat(decoder.conceal(out, GUARD, samples)).as("concealed").isEqualTo(samples);
        assertGuards(out, samples);
        continue;
      }
      int payloadLength = Math.min(Math.min(length, input.length - at - 3), MAX_PAYLOAD);
      byte[] memory = new byte[7 + payloadLength + 7];
      Arrays.fill(memory, (byte) 0x33);
      System.arraycopy(input, at + 3, memory, 7, payloadLength);
      ByteBuffer payload = ByteBuffer.wrap(memory).asReadOnlyBuffer();
      at += 3 + Math.min(length, input.length - at - 3);

      if ((op & 3) == 2) {
        int samples = Math.min(MAX_NATIVE, 960 + length % 4096);
        short[] out = guarded(samples);
        int got = decoder.recoverPrevious(payload, 7, payloadLength, out, GUARD, samples);
        assertThat(got).as("recovered").isBetween(0, samples);
        assertGuards(out, samples);
      } else {
        int room = decoder.samplesIn(payloadLength);
        if (room < 0 || room > MAX_NATIVE) {
          continue; // the receiver counts a decode error and never calls decode
        }
        short[] out = guarded(room);
        int n = decoder.decode(payload, 7, payloadLength, out, GUARD);
        assertThat(n).as("decoded of %d promised", room).isBetween(-1, room);
        assertGuards(out, room);
        decoded += Math.max(0, n);
      }
    }
    return decoded;
  }

  private static short[] guarded(int room) {
    short[] out = new short[GUARD + room + GUARD];
    Arrays.fill(out, CANARY);
    return out;
  }

  private static void assertGuards(short[] out, int room) {
    for (int i = 0; i < GUARD; i++) {
      assertThat(out[i]).as("sample %d before the output", GUARD - i).isEqualTo(CANARY);
      assertThat(out[GUARD + room + i]).as("sample %d after the room", i + 1).isEqualTo(CANARY);
    }
  }

  static Map<String, byte[]> seeds() {
    Map<String, byte[]> seeds = new LinkedHashMap<>();
    byte[] ulaw = Fixtures.bytes("sipp/audio/leg1_1khz.ulaw");
    seeds.put("pcmu", script(0, RtpPlan.everyTwentyMillis(ulaw, 0, 8).packets()));
    seeds.put("pcma", script(1, RtpPlan.everyTwentyMillis(ulaw, 8, 8).packets()));
    seeds.put(
        "g722",
        script(
            2, RtpPlan.everyTwentyMillis(Fixtures.bytes("media/leg1_1khz.g722"), 9, 8).packets()));
    seeds.put(
        "g729-with-sid",
        script(
            3,
            RtpPlan.g729(Fixtures.bytes("media/leg2_440hz_dtx.g729.frames"), 18)
                .packets()
                .subList(0, 24)));
    seeds.put(
        "opus",
        script(
            4,
            RtpPlan.opus(OggOpus.read(Fixtures.bytes("media/leg1_1khz.opus")), 111)
                .packets()
                .subList(0, 12)));
    return seeds;
  }

  /**
   * Decodes each packet; conceals 20 ms after the third; asks for FEC of the frame before the
   * sixth.
   */
  private static byte[] script(int codec, List<RtpPlan.Packet> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(codec);
    for (int i = 0; i < packets.size(); i++) {
      byte[] p = packets.get(i).payload();
      if (i == 5) {
        record(out, 2, p);
      }
      record(out, 0, p);
      if (i == 2) {
        out.write(1);
        out.write(960 >>> 8);
        out.write(960 & 0xff);
      }
    }
    return out.toByteArray();
  }

  private static void record(ByteArrayOutputStream out, int op, byte[] payload) {
    out.write(op);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.writeBytes(payload);
  }

  @Test
  void committedSeedsAreTheRecipes() {
    Path dir = Path.of("src/test/resources", INPUTS);
    try {
      if (Boolean.getBoolean("srs.fuzz.writeSeeds")) {
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
          Files.write(dir.resolve("seed-" + e.getKey() + ".bin"), e.getValue());
        }
      }
      for (Map.Entry<String, byte[]> e : seeds().entrySet()) {
        assertThat(Files.readAllBytes(dir.resolve("seed-" + e.getKey() + ".bin")))
            .as("seed %s (rewrite with -Dsrs.fuzz.writeSeeds=true)", e.getKey())
            .isEqualTo(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Positive control: every codec's seed decodes audio. */
  @Test
  void seedsDecode() {
    seeds().forEach((name, seed) -> assertThat(play(seed)).as(name).isGreaterThan(1000));
  }
}
