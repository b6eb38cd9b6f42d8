package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A small mutation fuzzer of our own, for parsers fed by the network. It starts from real inputs
 * (the corpus and fixture files), mutates them (bit flips, boundary bytes, insertions and
 * deletions, duplicated and spliced ranges, tokens that matter to the format), and runs the target
 * on each: the target may reject an input only with the exceptions it documents; anything else,
 * or an input that takes too long, is a finding. A finding is written to
 * {@code target/fuzz-findings/<name>/} so it can become a regression fixture under
 * {@code src/test/resources/fuzz/<name>/}, which every run replays first.
 *
 * <p>Seeded and bounded: the same seed gives the same inputs, and a run's count is fixed.
 */
public final class Fuzzer {
  private final String name;
  private final List<byte[]> seeds = new ArrayList<>();
  private final List<byte[]> tokens = new ArrayList<>();
  private final Set<Class<? extends Throwable>> expected;
  private long maxMillisPerInput = 2000; // a hang detector, not a benchmark: CI machines are slow and shared

  private Fuzzer(String name, Set<Class<? extends Throwable>> expected) {
    this.name = name;
    this.expected = expected;
  }

  /** A target that must never throw. */
  public static Fuzzer named(String name) {
    return new Fuzzer(name, Set.of());
  }

  /** @param expected what the target may throw for a bad input (and subclasses) */
  public static Fuzzer named(String name, Set<Class<? extends Throwable>> expected) {
    return new Fuzzer(name, expected);
  }

  public Fuzzer seed(byte[] input) {
    seeds.add(input);
    return this;
  }

  /** Every file in a test resource folder, as a seed. */
  public Fuzzer seedsFrom(String resourceFolder) {
    Path dir = Fixtures.path(resourceFolder);
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(Files::isRegularFile).sorted().forEach(f -> seeds.add(read(f)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Byte strings that mean something to the format (delimiters, keywords, numbers at limits). */
  public Fuzzer tokens(String... values) {
    for (String v : values) {
      tokens.add(v.getBytes(StandardCharsets.ISO_8859_1));
    }
    return this;
  }

  public Fuzzer maxMillisPerInput(long millis) {
    this.maxMillisPerInput = millis;
    return this;
  }

  /** What a run did. */
  public record Report(String name, int regressions, int inputs, long rejected, long slowestMicros) {}

  /**
   * Replays the regression fixtures, then {@code iterations} mutated inputs. For a longer hunt
   * outside CI: {@code -Dsrs.fuzz.scale=50 -Dsrs.fuzz.seed=<n>} multiplies the count and moves the
   * seed.
   */
  public Report run(int iterations, long seed, Consumer<byte[]> target) {
    iterations *= Integer.getInteger("srs.fuzz.scale", 1);
    seed += Long.getLong("srs.fuzz.seed", 0L);
    if (seeds.isEmpty()) {
      throw new IllegalStateException("no seeds for " + name);
    }
    List<byte[]> regressions = regressionInputs();
    long rejected = 0;
    long slowest = 0;
    for (byte[] input : regressions) {
      rejected += runOne(input, target) ? 1 : 0;
    }
    Random random = new Random(seed);
    for (int i = 0; i < iterations; i++) {
      byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
      long t0 = System.nanoTime();
      rejected += runOne(input, target) ? 1 : 0;
      long micros = (System.nanoTime() - t0) / 1000;
      slowest = Math.max(slowest, micros);
      if (micros > maxMillisPerInput * 1000) {
        fail(input, "took " + micros / 1000 + " ms (limit " + maxMillisPerInput + " ms)", null);
      }
    }
    Report report = new Report(name, regressions.size(), iterations, rejected, slowest);
    System.out.printf("[Fuzzer] %s: %d regression inputs, %d mutated inputs, %d rejected as documented, slowest %d us%n",
        name, regressions.size(), iterations, rejected, slowest);
    return report;
  }

  /** @return true if the input was rejected with a documented exception */
  private boolean runOne(byte[] input, Consumer<byte[]> target) {
    try {
      target.accept(input);
      return false;
    } catch (Throwable t) {
      for (Class<? extends Throwable> ok : expected) {
        if (ok.isInstance(t)) {
          return true;
        }
      }
      fail(input, t.toString(), t);
      return false;
    }
  }

  private void fail(byte[] input, String what, Throwable cause) {
    Path dir = Path.of("target/fuzz-findings", name);
    String file = HexFormat.of().formatHex(sha(input)).substring(0, 16) + ".bin";
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(file), input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError(name + ": " + what + " on input written to " + dir.resolve(file)
        + " (copy it to src/test/resources/fuzz/" + name + "/ once fixed)", cause);
  }

  private List<byte[]> regressionInputs() {
    List<byte[]> out = new ArrayList<>();
    try {
      Path dir = Fixtures.path("fuzz/" + name);
      try (Stream<Path> files = Files.list(dir)) {
        files.filter(Files::isRegularFile).sorted().forEach(f -> out.add(read(f)));
      }
    } catch (IllegalArgumentException | IOException e) {
      // no regression fixtures for this target yet
    }
    return out;
  }

  private byte[] mutate(byte[] seed, Random r) {
    byte[] b = seed.clone();
    int rounds = 1 + r.nextInt(4);
    for (int i = 0; i < rounds; i++) {
      b = mutateOnce(b, r);
    }
    return b;
  }

  private byte[] mutateOnce(byte[] b, Random r) {
    int n = b.length;
    switch (r.nextInt(9)) {
      case 0: // flip a bit
        if (n > 0) {
          b[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      case 1: // a boundary byte
        if (n > 0) {
          b[r.nextInt(n)] = new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80, '\r', '\n', ' ', ':'}[r.nextInt(8)];
        }
        return b;
      case 2: // delete a range
        if (n > 1) {
          int from = r.nextInt(n);
          int len = 1 + r.nextInt(Math.min(64, n - from));
          return concat(slice(b, 0, from), slice(b, from + len, n));
        }
        return b;
      case 3: // duplicate a range
        if (n > 1) {
          int from = r.nextInt(n);
          int len = 1 + r.nextInt(Math.min(256, n - from));
          int times = 1 + r.nextInt(r.nextInt(10) == 0 ? 200 : 3);
          byte[] out = slice(b, 0, from + len);
          for (int t = 0; t < times; t++) {
            out = concat(out, slice(b, from, from + len));
          }
          return concat(out, slice(b, from + len, n));
        }
        return b;
      case 4: // insert random bytes
        byte[] junk = new byte[1 + r.nextInt(16)];
        r.nextBytes(junk);
        int at = n == 0 ? 0 : r.nextInt(n + 1);
        return concat(concat(slice(b, 0, at), junk), slice(b, at, n));
      case 5: // insert a token
        if (!tokens.isEmpty()) {
          int where = n == 0 ? 0 : r.nextInt(n + 1);
          return concat(concat(slice(b, 0, where), tokens.get(r.nextInt(tokens.size()))), slice(b, where, n));
        }
        return b;
      case 6: // truncate
        return n > 0 ? slice(b, 0, r.nextInt(n)) : b;
      case 7: // splice with another seed
        byte[] other = seeds.get(r.nextInt(seeds.size()));
        int cut = n == 0 ? 0 : r.nextInt(n);
        int otherCut = other.length == 0 ? 0 : r.nextInt(other.length);
        return concat(slice(b, 0, cut), slice(other, otherCut, other.length));
      default: // overwrite with a random byte
        if (n > 0) {
          b[r.nextInt(n)] = (byte) r.nextInt(256);
        }
        return b;
    }
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, Math.max(0, from), Math.max(Math.max(0, from), Math.min(to, b.length)));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] sha(byte[] input) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(input);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
