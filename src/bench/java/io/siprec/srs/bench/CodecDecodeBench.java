package io.siprec.srs.bench;

import io.siprec.srs.media.codec.G711Decoder;
import io.siprec.srs.media.codec.G722Decoder;
import io.siprec.srs.media.codec.G729Decoder;
import io.siprec.srs.media.codec.OpusDecoder;
import io.siprec.srs.pipeline.Decoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Average time to decode one 20 ms payload, per codec, in steady state: one decoder per trial (kept
 * across invocations, as a stream keeps its decoder), each invocation decoding the next of the
 * fixture payloads of {@link BenchFixtures} and wrapping round at the end. The payloads are heap
 * ByteBuffers read from index 0, as the decode stage hands them over.
 *
 * <p>Fixtures are read from {@code -Dbench.resources} (default {@code src/test/resources}, relative
 * to the working directory, which JMH's forks inherit).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(2)
public class CodecDecodeBench {

  @Param({"pcmu", "pcma", "g722", "g729", "opus"})
  public String codec;

  private ByteBuffer[] payloads;
  private int[] lengths;
  private Decoder decoder;
  private final short[] out = new short[5760];
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path resources = Path.of(System.getProperty("bench.resources", "src/test/resources"));
    List<byte[]> list = BenchFixtures.payloads(codec, resources);
    if (list.size() < 2) {
      throw new IllegalStateException(codec + ": too few fixture payloads (" + list.size() + ")");
    }
    payloads = new ByteBuffer[list.size()];
    lengths = new int[list.size()];
    for (int i = 0; i < payloads.length; i++) {
      payloads[i] = ByteBuffer.wrap(list.get(i));
      lengths[i] = list.get(i).length;
    }
    // Every payload must decode to exactly 20 ms, else the figure is not per 20 ms frame.
    int expected = expectedSamples(codec);
    Decoder check = newDecoder(codec);
    for (int i = 0; i < payloads.length; i++) {
      int n = check.decode(payloads[i], 0, lengths[i], out, 0);
      if (n != expected) {
        throw new IllegalStateException(
            codec + " payload " + i + " decoded to " + n + " samples, not " + expected);
      }
    }
    decoder = newDecoder(codec);
    next = 0;
  }

  static Decoder newDecoder(String codec) {
    switch (codec) {
      case "pcmu":
        return G711Decoder.muLaw();
      case "pcma":
        return G711Decoder.aLaw();
      case "g722":
        return new G722Decoder();
      case "g729":
        return new G729Decoder();
      case "opus":
        return new OpusDecoder();
      default:
        throw new IllegalArgumentException(codec);
    }
  }

  /** Samples in 20 ms at each decoder's output rate. */
  static int expectedSamples(String codec) {
    switch (codec) {
      case "g722":
        return 320;
      case "opus":
        return 960;
      default:
        return 160;
    }
  }

  @Benchmark
  public void decode(Blackhole bh) {
    int i = next;
    next = i + 1 == payloads.length ? 0 : i + 1;
    int n = decoder.decode(payloads[i], 0, lengths[i], out, 0);
    bh.consume(n);
    bh.consume(out[n - 1]); // n is always >= 160 here (checked in setUp)
  }
}
