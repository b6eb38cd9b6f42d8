package io.siprec.srs.delivery.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.siprec.srs.testsupport.ExternalTool;
import io.siprec.srs.testsupport.SealedArchive;
import io.siprec.srs.testsupport.SettableClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the archive seals, checked by tools that share no code with it: coreutils' {@code sha256sum}
 * for the files' and manifests' hashes, and OpenSSL 3 for the Ed25519 signature (RFC 8032) and the
 * public key's fingerprint.
 */
class ManifestChainTest {
  private static final Duration TOOL_BOUND = Duration.ofSeconds(20);
  @TempDir Path root;
  @TempDir Path keys;

  @Test
  void aManifestListsEveryFileAsStoredWithTheSizeAndSha256ThatSha256sumComputes() throws Exception {
    SealedArchive archive = SealedArchive.signed(root, keys, "archive-signing");
    Path session = archive.session("2026-12-07", "s1");

    JsonObject manifest = json(session.resolve("manifest.json"));
    assertThat(manifest.getString("session")).isEqualTo("s1");
    assertThat(manifest.getString("day")).isEqualTo("2026-12-07");
    assertThat(manifest.getInt("seq")).isEqualTo(1);
    assertThat(manifest.isNull("previousManifestSha256")).as("the archive's first").isTrue();
    assertThat(manifest.getBoolean("complete")).isTrue();
    assertThat(manifest.getString("startedAt")).isEqualTo("2026-12-07T11:59:00Z");
    assertThat(manifest.getString("endedAt")).isEqualTo("2026-12-07T12:00:01Z");
    assertThat(manifest.getJsonObject("signing").getString("keyId")).isEqualTo("archive-signing");

    Map<String, String> listed = new HashMap<>();
    for (JsonValue v : manifest.getJsonArray("files")) {
      JsonObject f = v.asJsonObject();
      listed.put(f.getString("name"), f.getString("sha256"));
      assertThat(f.getJsonNumber("size").longValue())
          .as(f.getString("name"))
          .isEqualTo(Files.size(session.resolve(f.getString("name"))));
    }
    assertThat(listed)
        .as("every file but the manifest itself")
        .containsOnlyKeys(
            "archive.json", "events.jsonl", "session.json", "stream-1.wav", "stream-2.wav");
    assertThat(listed).isEqualTo(sha256sum(session, listed.keySet()));
  }

  @Test
  void aFileOfAnyNameIsHashedAsItIsOnDisk() throws Exception {
    // The encryption at rest names its files *.enc: the manifest hashes whatever is there.
    SealedArchive archive = SealedArchive.unsigned(root);
    Path dir = Files.createDirectories(root.resolve("2026-12-07").resolve("enc"));
    Files.write(dir.resolve("stream-1.wav.enc"), "ciphertext as stored".getBytes());
    archive.seal(dir, "2026-12-07");
    JsonObject file = json(dir.resolve("manifest.json")).getJsonArray("files").getJsonObject(0);
    assertThat(file.getString("name")).isEqualTo("stream-1.wav.enc");
    assertThat(file.getString("sha256"))
        .isEqualTo(sha256sum(dir, List.of("stream-1.wav.enc")).get("stream-1.wav.enc"));
  }

  @Test
  void theSignatureInTheChainVerifiesWithOpensslAgainstTheDaysPublicKey() throws Exception {
    SealedArchive archive = SealedArchive.signed(root, keys, "archive-signing");
    Path session = archive.session("2026-12-07", "s1");
    Path day = root.resolve("2026-12-07");
    JsonObject line = chainLines(day).get(0);
    Path sig =
        Files.write(
            keys.resolve("sig.bin"), Base64.getDecoder().decode(line.getString("signature")));

    ExternalTool.Run ok = openssl(day, session.resolve("manifest.json"), sig);
    assertThat(ok.exit()).as(ok.output()).isZero();
    assertThat(ok.output()).contains("Signature Verified Successfully");

    byte[] altered = Files.readAllBytes(session.resolve("manifest.json"));
    altered[altered.length / 2] ^= 1;
    Path copy = Files.write(keys.resolve("altered.json"), altered);
    ExternalTool.Run bad = openssl(day, copy, sig);
    assertThat(bad.exit()).as("a manifest with one bit changed: " + bad.output()).isNotZero();

    // The key fingerprint in the manifest is SHA-256 of the PEM's DER, as openssl and sha256sum see
    // it.
    ExternalTool.Run der =
        ExternalTool.run(
            new ProcessBuilder(
                    "sh", "-c", "openssl pkey -pubin -in signing-key.pem -outform DER | sha256sum")
                .directory(day.toFile()),
            TOOL_BOUND);
    assertThat(der.exit()).as(der.output()).isZero();
    assertThat(der.output().split(" ")[0])
        .isEqualTo(
            json(session.resolve("manifest.json"))
                .getJsonObject("signing")
                .getString("publicKeySha256"));
  }

  @Test
  void theChainLinksManifestsInTheOrderSessionsEndedAcrossDaysAndRestarts() throws Exception {
    SealedArchive archive = SealedArchive.signed(root, keys, "archive-signing");
    Path a = archive.session("2026-12-07", "a");
    Path b = archive.session("2026-12-07", "b");
    archive.restart(); // the server restarted: the chain goes on from the disk
    Path c = archive.session("2026-12-08", "c");

    List<JsonObject> day1 = chainLines(root.resolve("2026-12-07"));
    List<JsonObject> day2 = chainLines(root.resolve("2026-12-08"));
    assertThat(day1).extracting(l -> l.getInt("seq")).containsExactly(1, 2);
    assertThat(day2).extracting(l -> l.getInt("seq")).containsExactly(3);
    Map<String, String> shas = sha256sum(root, List.of(rel(a), rel(b), rel(c)));
    assertThat(day1.get(0).getString("manifestSha256")).isEqualTo(shas.get(rel(a)));
    assertThat(day1.get(1).getString("previousSha256")).isEqualTo(shas.get(rel(a)));
    assertThat(day1.get(1).getString("manifestSha256")).isEqualTo(shas.get(rel(b)));
    assertThat(day2.get(0).getString("previousSha256"))
        .as("a day's first links to the day before's last")
        .isEqualTo(shas.get(rel(b)));
    assertThat(json(c.resolve("manifest.json")).getString("previousManifestSha256"))
        .isEqualTo(shas.get(rel(b)));
    assertThat(root.resolve("2026-12-08").resolve("signing-key.pem"))
        .as("the key once per day")
        .exists();
  }

  @Test
  void unsignedManifestsAreChainedByHashWithoutASignatureOrKey() throws Exception {
    SealedArchive archive = SealedArchive.unsigned(root);
    Path s = archive.session("2026-12-07", "s");
    assertThat(json(s.resolve("manifest.json")).isNull("signing")).isTrue();
    assertThat(chainLines(root.resolve("2026-12-07")).get(0).isNull("signature")).isTrue();
    assertThat(root.resolve("2026-12-07").resolve("signing-key.pem")).doesNotExist();
  }

  @Test
  void aTornLastChainLineIsCutOffAndTheChainGoesOnFromTheLineBefore() throws Exception {
    SealedArchive archive = SealedArchive.unsigned(root);
    archive.session("2026-12-07", "whole");
    Path chain = root.resolve("2026-12-07").resolve("chain.jsonl");
    String before = Files.readString(chain);
    Files.writeString(chain, before + "{\"seq\":2,\"sess");

    ManifestChain reopened =
        ManifestChain.open(root, null, new SettableClock(Instant.parse("2026-12-07T13:00:00Z")));
    assertThat(Files.readString(chain)).isEqualTo(before);
    assertThat(reopened.lastSeq()).isEqualTo(1);
    assertThat(reopened.isSealed("whole")).isTrue();
  }

  @Test
  void aKeyChangedWithinTheDayIsPublishedNextToTheFirst() throws Exception {
    SettableClock clock = new SettableClock(Instant.parse("2026-12-07T12:00:00Z"));
    ArchiveSigningKey first = SealedArchive.newKey(keys.resolve("1"), "first");
    ArchiveSigningKey second = SealedArchive.newKey(keys.resolve("2"), "second");
    Path day = Files.createDirectories(root.resolve("2026-12-07"));
    ManifestChain.open(root, first, clock)
        .seal(Files.createDirectories(day.resolve("a")), null, null, true);
    ManifestChain.open(root, second, clock)
        .seal(Files.createDirectories(day.resolve("b")), null, null, true);
    assertThat(Files.readString(day.resolve("signing-key.pem"))).isEqualTo(first.publicKeyPem());
    assertThat(
            Files.readString(
                day.resolve("signing-key-" + second.fingerprint().substring(0, 16) + ".pem")))
        .isEqualTo(second.publicKeyPem());
  }

  // ---------------------------------------------------------------------------------------------

  private static String rel(Path session) {
    return session.getParent().getFileName() + "/" + session.getFileName() + "/manifest.json";
  }

  private static ExternalTool.Run openssl(Path day, Path manifest, Path sig) {
    return ExternalTool.run(
        new ProcessBuilder(
                "openssl",
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                day.resolve("signing-key.pem").toString(),
                "-rawin",
                "-in",
                manifest.toString(),
                "-sigfile",
                sig.toString())
            .directory(day.toFile()),
        TOOL_BOUND);
  }

  /** SHA-256 of each file as coreutils' sha256sum computes it, by name relative to {@code dir}. */
  private static Map<String, String> sha256sum(Path dir, Iterable<String> names) {
    List<String> command = new ArrayList<>(List.of("sha256sum", "--"));
    names.forEach(command::add);
    ExternalTool.Run run =
        ExternalTool.run(new ProcessBuilder(command).directory(dir.toFile()), TOOL_BOUND);
    assertThat(run.exit()).as(run.output()).isZero();
    Map<String, String> out = new HashMap<>();
    for (String line : run.output().split("\n")) {
      if (!line.isBlank()) {
        out.put(line.substring(66), line.substring(0, 64)); // "<64 hex>  <name>"
      }
    }
    return out;
  }

  private static List<JsonObject> chainLines(Path day) throws IOException {
    List<JsonObject> out = new ArrayList<>();
    for (String line : Files.readAllLines(day.resolve("chain.jsonl"), StandardCharsets.UTF_8)) {
      out.add(Json.createReader(new StringReader(line)).readObject());
    }
    return out;
  }

  private static JsonObject json(Path file) throws IOException {
    return Json.createReader(new StringReader(Files.readString(file))).readObject();
  }
}
