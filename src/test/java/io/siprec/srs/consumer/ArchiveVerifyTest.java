package io.siprec.srs.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.consumer.ArchiveVerification.Finding;
import io.siprec.srs.consumer.ArchiveVerification.Outcome;
import io.siprec.srs.consumer.ArchiveVerification.Report;
import io.siprec.srs.testsupport.SealedArchive;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verdict of the verify command, on archives sealed by the server's own code (the fixture
 * session, copied) and then damaged the way each verdict describes. The seal itself is checked
 * against sha256sum and openssl in ManifestChainTest.
 */
class ArchiveVerifyTest {
  @TempDir Path root;
  @TempDir Path keys;
  @TempDir Path plain;
  private SealedArchive archive;
  private Path a;
  private Path b;
  private Path c;

  /** Three sessions over two days: a and b on the 7th, c on the 8th. */
  @BeforeEach
  void sealThreeSessions() {
    archive = SealedArchive.signed(root, keys, "archive-signing");
    a = archive.session("2026-12-07", "a");
    b = archive.session("2026-12-07", "b");
    c = archive.session("2026-12-08", "c");
  }

  @Test
  void anUntouchedArchiveIsOkSessionBySessionWithExitZero() {
    Result r = run(root.toString());
    assertThat(r.exit).as(r.out).isEqualTo(ArchiveVerify.ALL_OK);
    assertThat(r.out)
        .contains("2026-12-07/a  OK  5 file(s), seq 1, signed by 'archive-signing'")
        .contains("2026-12-07/b  OK")
        .contains("2026-12-08/c  OK  5 file(s), seq 3")
        .contains("summary: 3 OK; chain head seq 3 manifestSha256 ")
        .contains("all OK");
  }

  @Test
  void oneByteChangedInAWavIsChangedNamingTheFile() throws IOException {
    flipAByte(b.resolve("stream-1.wav"));
    Result r = run(root.toString());
    assertThat(r.exit).isEqualTo(ArchiveVerify.PROBLEMS);
    assertThat(r.out)
        .contains("2026-12-07/b  CHANGED  stream-1.wav: SHA-256 ")
        .contains("2026-12-07/a  OK")
        .contains("PROBLEMS FOUND");
    assertThat(outcomes(verify(root), "b")).containsExactly(Outcome.CHANGED);
  }

  @Test
  void aFileTruncatedIsChangedBySize() throws IOException {
    byte[] wav = Files.readAllBytes(a.resolve("stream-2.wav"));
    Files.write(a.resolve("stream-2.wav"), Arrays.copyOf(wav, 44));
    assertThat(detail(verify(root), "a", Outcome.CHANGED))
        .isEqualTo("stream-2.wav: 44 bytes, the manifest says " + wav.length);
  }

  @Test
  void aFileGoneIsMissingAndSoIsAWholeSessionFolderNobodyDeletedOnPurpose() throws IOException {
    Files.delete(a.resolve("events.jsonl"));
    deleteTree(c);
    Report report = verify(root);
    assertThat(detail(report, "a", Outcome.MISSING)).isEqualTo("events.jsonl");
    assertThat(detail(report, "c", Outcome.MISSING))
        .contains("the session folder is gone (sealed at seq 3)");
    assertThat(outcomes(report, "b")).containsExactly(Outcome.OK);
    assertThat(run(root.toString()).exit).isEqualTo(ArchiveVerify.PROBLEMS);
  }

  @Test
  void aFileAddedIsAdded() throws IOException {
    Files.writeString(c.resolve("notes.txt"), "put here later");
    Files.createDirectories(c.resolve("extra"));
    Files.writeString(c.resolve("extra").resolve("x.wav"), "RIFF");
    Report report = verify(root);
    assertThat(report.findings())
        .filteredOn(f -> f.outcome() == Outcome.ADDED)
        .extracting(Finding::detail)
        .containsExactly("extra/x.wav (4 bytes)", "notes.txt (14 bytes)");
    assertThat(report.allOk()).isFalse();
  }

  @Test
  void aSessionDeletedOnPurposeIsDeletedWithTheAuditReasonAndTheChainStillVerifies()
      throws IOException {
    deleteTree(b);
    Files.writeString(
        root.resolve("audit.jsonl"),
        "{\"time\":\"2026-12-09T08:00:00Z\",\"action\":\"deleted\",\"session\":\"b\","
            + "\"day\":\"2026-12-07\",\"reason\":\"erasure\",\"by\":\"dpo@example.com\","
            + "\"files\":[\"stream-1.wav\"]}\n");
    Result r = run(root.toString());
    assertThat(r.exit).as(r.out).isEqualTo(ArchiveVerify.ALL_OK);
    assertThat(r.out)
        .contains("2026-12-07/b  DELETED  erasure by dpo@example.com at 2026-12-09T08:00:00Z")
        .contains("2026-12-08/c  OK")
        .doesNotContain("CHAIN BROKEN");
  }

  @Test
  void aFileErasedOnPurposeIsDeletedButAnotherGoneFromTheSameSessionIsMissing() throws IOException {
    Files.delete(a.resolve("stream-1.wav"));
    Files.writeString(
        root.resolve("audit.jsonl"),
        "{\"time\":\"2026-12-09T08:00:00Z\",\"action\":\"deleted\",\"session\":\"a\","
            + "\"day\":\"2026-12-07\",\"reason\":\"erasure\",\"by\":\"dpo@example.com\","
            + "\"files\":[\"stream-1.wav\"]}\n");
    Report report = verify(root);
    assertThat(detail(report, "a", Outcome.DELETED)).startsWith("stream-1.wav: erasure by dpo");
    assertThat(report.allOk()).isTrue();

    Files.delete(a.resolve("stream-2.wav"));
    assertThat(detail(verify(root), "a", Outcome.MISSING)).isEqualTo("stream-2.wav");
  }

  @Test
  void aManifestRewrittenToMatchAChangedFileBreaksTheChainAndItsSignature() throws IOException {
    flipAByte(a.resolve("stream-1.wav"));
    String sha = sha256(a.resolve("stream-1.wav"));
    Path manifest = a.resolve("manifest.json");
    String text = Files.readString(manifest);
    int at = text.indexOf("\"sha256\"", text.indexOf("\"stream-1.wav\""));
    Files.writeString(manifest, text.substring(0, at + 10) + sha + text.substring(at + 10 + 64));

    Report report = verify(root);
    assertThat(outcomes(report, "a"))
        .containsExactlyInAnyOrder(Outcome.CHAIN_BROKEN, Outcome.BAD_SIGNATURE);
    assertThat(detail(report, "a", Outcome.CHAIN_BROKEN))
        .contains("is not the one chained at seq 1")
        .contains("replaced or edited");
  }

  @Test
  void aManifestRemovedFromTheChainBreaksItWhereItWas() throws IOException {
    Path chain = root.resolve("2026-12-07").resolve("chain.jsonl");
    List<String> lines = Files.readAllLines(chain);
    Files.write(chain, List.of(lines.get(1))); // a's line gone

    Report report = verify(root);
    assertThat(detail(report, "a", Outcome.CHAIN_BROKEN)).contains("is in no day's chain");
    // b is now the first line there is: nothing before it to check it against.
    assertThat(outcomes(report, "b")).containsExactly(Outcome.OK);

    Files.write(chain, List.of(lines.get(0))); // b's line gone instead: c no longer follows
    report = verify(root);
    assertThat(detail(report, "c", Outcome.CHAIN_BROKEN))
        .contains("seq 3 follows seq 1: 1 manifest(s) removed from the chain");
  }

  @Test
  void chainLinesSwappedAreReordered() throws IOException {
    Path chain = root.resolve("2026-12-07").resolve("chain.jsonl");
    List<String> lines = Files.readAllLines(chain);
    Files.write(chain, List.of(lines.get(1), lines.get(0)));
    Report report = verify(root);
    assertThat(detail(report, "a", Outcome.CHAIN_BROKEN))
        .contains("seq 1 after seq 2")
        .contains("reordered");
    assertThat(report.allOk()).isFalse();
  }

  @Test
  void aDayFolderAloneIsCheckedAgainstTheDayBeforeItsFirstLineLinksTo() throws IOException {
    Result r = run(root.resolve("2026-12-08").toString());
    assertThat(r.exit).as(r.out).isEqualTo(ArchiveVerify.ALL_OK);
    assertThat(r.out).contains("2026-12-08/c  OK").doesNotContain("2026-12-07/a");

    // The day before's last line replaced: the 8th's first line no longer links to it.
    Path chain = root.resolve("2026-12-07").resolve("chain.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(chain));
    lines.set(
        1,
        lines
            .get(1)
            .replaceFirst(
                "\"manifestSha256\":\"[0-9a-f]{64}\"",
                "\"manifestSha256\":\"" + "0".repeat(64) + "\""));
    Files.write(chain, lines);
    Report report = verify(root.resolve("2026-12-08"));
    assertThat(detail(report, "c", Outcome.CHAIN_BROKEN))
        .contains("previousSha256 is not the SHA-256 of the manifest before it")
        .contains("2026-12-07/chain.jsonl line 2");
  }

  @Test
  void aSignatureByAnotherKeyIsABadSignature() throws IOException {
    Path ours =
        Files.copy(root.resolve("2026-12-07").resolve("signing-key.pem"), keys.resolve("ours.pem"));
    Path theirs =
        Files.writeString(
            keys.resolve("theirs.pem"),
            SealedArchive.newKey(keys.resolve("other"), "other").publicKeyPem());

    assertThat(run(root.toString(), "--public-key", ours.toString()).exit)
        .isEqualTo(ArchiveVerify.ALL_OK);
    Result r = run(root.toString(), "--public-key", theirs.toString());
    assertThat(r.exit).isEqualTo(ArchiveVerify.PROBLEMS);
    assertThat(r.out).contains("2026-12-07/a  BAD SIGNATURE  signed by key ");
    assertThat(verify(root, theirs).findings())
        .extracting(Finding::outcome)
        .containsOnly(Outcome.BAD_SIGNATURE);
  }

  @Test
  void aDaysKeyReplacedOrASignatureStrippedIsABadSignature() throws IOException {
    // An attacker with their own key re-signs nothing: a foreign signing-key.pem matches no
    // manifest.
    Files.writeString(
        root.resolve("2026-12-08").resolve("signing-key.pem"),
        SealedArchive.newKey(keys.resolve("other"), "other").publicKeyPem());
    assertThat(detail(verify(root), "c", Outcome.BAD_SIGNATURE)).contains("no signing-key*.pem");

    Path chain = root.resolve("2026-12-07").resolve("chain.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(chain));
    lines.set(0, lines.get(0).replaceFirst("\"signature\":\"[^\"]+\"", "\"signature\":null"));
    Files.write(chain, lines);
    assertThat(detail(verify(root), "a", Outcome.BAD_SIGNATURE)).contains("holds no signature");
  }

  @Test
  void aSignatureForAnotherManifestDoesNotVerify() throws IOException {
    Path chain = root.resolve("2026-12-07").resolve("chain.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(chain));
    String bSignature = lines.get(1).replaceFirst(".*\"signature\":\"([^\"]+)\".*", "$1");
    lines.set(
        0,
        lines
            .get(0)
            .replaceFirst("\"signature\":\"[^\"]+\"", "\"signature\":\"" + bSignature + "\""));
    Files.write(chain, lines);
    assertThat(detail(verify(root), "a", Outcome.BAD_SIGNATURE)).contains("does not verify");
  }

  @Test
  void anUnsignedArchiveVerifiesByHashAndSaysSoButNotAgainstAKey() throws IOException {
    SealedArchive.unsigned(plain).session("2026-12-07", "u");
    Result r = run(plain.toString());
    assertThat(r.exit).as(r.out).isEqualTo(ArchiveVerify.ALL_OK);
    assertThat(r.out)
        .contains("2026-12-07/u  OK  5 file(s), seq 1, unsigned")
        .contains("unsigned manifests");
    Path key =
        Files.copy(root.resolve("2026-12-07").resolve("signing-key.pem"), keys.resolve("k.pem"));
    Result withKey = run(plain.toString(), "--public-key", key.toString());
    assertThat(withKey.exit).isEqualTo(ArchiveVerify.PROBLEMS);
    assertThat(withKey.out)
        .contains("2026-12-07/u  BAD SIGNATURE  unsigned, and --public-key asks for signed");
  }

  @Test
  void aSessionStillBeingRecordedIsOpenNotAProblem() throws IOException {
    Path live = Files.createDirectories(root.resolve("2026-12-08").resolve("live"));
    Files.writeString(live.resolve("stream-1.wav"), "RIFF");
    Report report = verify(root);
    assertThat(outcomes(report, "live")).containsExactly(Outcome.OPEN);
    assertThat(report.allOk()).isTrue();
    // Once it has its archive.json it has ended, and must have a manifest.
    Files.writeString(live.resolve("archive.json"), "{}");
    assertThat(detail(verify(root), "live", Outcome.MISSING)).contains("manifest.json");
  }

  @Test
  void aDamagedChainLineOrAuditLineIsReported() throws IOException {
    Path chain = root.resolve("2026-12-08").resolve("chain.jsonl");
    Files.writeString(chain, Files.readString(chain) + "not json\n");
    Files.writeString(root.resolve("audit.jsonl"), "{broken\n");
    Result r = run(root.toString());
    assertThat(r.exit).isEqualTo(ArchiveVerify.PROBLEMS);
    assertThat(r.out)
        .contains("2026-12-08/chain.jsonl  CHAIN BROKEN  line 2 is not a chain entry")
        .contains("PROBLEM: audit.jsonl line 1 is not JSON");
  }

  @Test
  void whatCannotBeVerifiedExitsTwoSayingWhy() throws IOException {
    Result missing = run(root.resolve("nope").toString());
    assertThat(missing.exit).isEqualTo(ArchiveVerify.CANNOT_VERIFY);
    assertThat(missing.err).contains("is not a directory");

    Result notAnArchive = run(keys.toString());
    assertThat(notAnArchive.exit).isEqualTo(ArchiveVerify.CANNOT_VERIFY);
    assertThat(notAnArchive.err).contains("holds no day folders");

    Path notPem = Files.writeString(keys.resolve("key.pem"), "hello");
    Result badKey = run(root.toString(), "--public-key", notPem.toString());
    assertThat(badKey.exit).isEqualTo(ArchiveVerify.CANNOT_VERIFY);
    assertThat(badKey.err).contains("no -----BEGIN PUBLIC KEY----- block");

    assertThat(run().exit).isEqualTo(ArchiveVerify.CANNOT_VERIFY);
    assertThat(run(root.toString(), "--bogus").err).contains("unexpected argument '--bogus'");
  }

  // ---------------------------------------------------------------------------------------------

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ArchiveVerify.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Report verify(Path folder) throws IOException {
    return ArchiveVerification.verify(folder, null);
  }

  private static Report verify(Path folder, Path pem) throws IOException {
    return ArchiveVerification.verify(folder, ArchiveVerification.readPublicKey(pem));
  }

  private static List<Outcome> outcomes(Report report, String session) {
    return report.findings().stream()
        .filter(f -> f.session().equals(session))
        .map(Finding::outcome)
        .toList();
  }

  private static String detail(Report report, String session, Outcome outcome) {
    return report.findings().stream()
        .filter(f -> f.session().equals(session) && f.outcome() == outcome)
        .map(Finding::detail)
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no " + outcome + " for " + session + " in " + report.findings()));
  }

  private static void flipAByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
