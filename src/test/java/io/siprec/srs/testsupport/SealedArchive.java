package io.siprec.srs.testsupport;

import io.siprec.srs.delivery.archive.ArchiveSigningKey;
import io.siprec.srs.delivery.archive.ManifestChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * An archive root whose sessions are copies of the fixture folder {@code archive/session}, each
 * sealed by the archive's {@link ManifestChain} on the day the test says, signed or not. The key is
 * made by keytool at test time.
 */
public final class SealedArchive {
  public static final String STORE_PASSWORD = "archive-test-store";
  private static final String FIXTURE = "archive/session";

  private final Path root;
  private final SettableClock clock;
  private final ArchiveSigningKey key;
  private ManifestChain chain;

  private SealedArchive(Path root, ArchiveSigningKey key) {
    this.root = root;
    this.key = key;
    this.clock = new SettableClock(Instant.parse("2026-12-07T12:00:00Z"));
  }

  /** Signed with a new Ed25519 key, {@code alias} in a keystore under {@code keyDir}. */
  public static SealedArchive signed(Path root, Path keyDir, String alias) {
    return new SealedArchive(root, newKey(keyDir, alias));
  }

  /** Hashes only: no signing key, as with srs.archive.signing.key-id empty. */
  public static SealedArchive unsigned(Path root) {
    return new SealedArchive(root, null);
  }

  /** A new Ed25519 key in {@code keyDir}/{@code alias}.p12, loaded as the archive loads it. */
  public static ArchiveSigningKey newKey(Path keyDir, String alias) {
    Keytool keytool = Keytool.in(keyDir, STORE_PASSWORD);
    Path store = keytool.ed25519KeyPair(alias + ".p12", alias);
    return ArchiveSigningKey.load(store, STORE_PASSWORD.toCharArray(), alias);
  }

  public Path root() {
    return root;
  }

  public ArchiveSigningKey key() {
    return key;
  }

  /**
   * Copies the fixture session into {@code <root>/<day>/<id>} and seals it on that day, after the
   * sessions sealed before.
   */
  public Path session(String day, String id) {
    Path dir = root.resolve(day).resolve(id);
    try {
      Files.createDirectories(dir);
      try (Stream<Path> files = Files.list(Fixtures.path(FIXTURE))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seal(dir, day);
  }

  /** Seals a folder already there (the chain's day: {@code day}). */
  public Path seal(Path dir, String day) {
    Instant noon = Instant.parse(day + "T12:00:00Z");
    if (clock.instant().isBefore(noon)) {
      clock.advance(Duration.between(clock.instant(), noon));
    }
    clock.advance(Duration.ofSeconds(1)); // sessions sealed on one day are a second apart
    try {
      if (chain == null) {
        chain = ManifestChain.open(root, key, clock);
      }
      chain.seal(dir, noon.minusSeconds(60), clock.instant(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  /** Forgets the chain's state, as a restart does: the next seal reads the chain from disk. */
  public void restart() {
    chain = null;
  }
}
