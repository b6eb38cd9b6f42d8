package io.siprec.srs.consumer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.SecretKey;

/**
 * Decrypts the archive's encrypted files ({@code docs/recordings.md}, "Encryption at rest"):
 *
 * <pre>
 * java -cp target/srs-consumer/srs-consumer.jar io.siprec.srs.consumer.ArchiveDecrypt \
 *   --keystore archive-keys.p12 --password-file archive-keys.password \
 *   &lt;file.enc | session folder&gt; &lt;output dir&gt;
 * </pre>
 *
 * Each {@code name.enc} becomes {@code <output dir>/name}; a WAV gets its RIFF and data sizes from
 * its decrypted length. A file that does not decrypt (wrong or unknown key, altered, reordered or
 * dropped segment) is named with the segment where it failed and gets no output at all: it is
 * decrypted into {@code name.partial}, which is deleted then. Exit code 0: every file decrypted and
 * finished; 3: every file decrypted, but some were not finished (the server stopped mid-call; they
 * hold everything up to the last whole segment); 1: some file did not decrypt; 2: bad arguments, or
 * the keystore cannot be opened.
 */
public final class ArchiveDecrypt {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;
  static final int NOT_FINISHED = 3;

  private static final String PARTIAL = ".partial";

  private ArchiveDecrypt() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command, with its output streams given: the seam tests use. @return the exit code */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path keystore = null;
    Path passwordFile = null;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--keystore") && i + 1 < args.length) {
        keystore = Path.of(args[++i]);
      } else if (args[i].equals("--password-file") && i + 1 < args.length) {
        passwordFile = Path.of(args[++i]);
      } else if (args[i].startsWith("--")) {
        err.println("unknown option " + args[i]);
        return usage(err);
      } else {
        positional.add(args[i]);
      }
    }
    if (keystore == null || passwordFile == null || positional.size() != 2) {
      return usage(err);
    }
    EncryptedRecordingReader.KeyEncryptionKeys keys;
    try {
      keys = keysIn(keystore, passwordFile);
    } catch (IOException | GeneralSecurityException e) {
      err.println("cannot open the keystore " + keystore + ": " + e.getMessage());
      return USAGE;
    }
    Path input = Path.of(positional.get(0));
    Path outDir = Path.of(positional.get(1));
    List<Path> files;
    try {
      files = encryptedFiles(input);
      Files.createDirectories(outDir);
    } catch (IOException e) {
      err.println(e.getMessage());
      return FAILED;
    }
    if (files.isEmpty()) {
      err.println(input + ": no " + EncryptedRecordingFormat.SUFFIX + " file to decrypt");
      return FAILED;
    }
    int status = OK;
    for (Path file : files) {
      int fileStatus = decryptOne(file, outDir, keys, out, err);
      if (fileStatus == FAILED || status == FAILED) {
        status = FAILED;
      } else if (fileStatus == NOT_FINISHED) {
        status = NOT_FINISHED;
      }
    }
    return status;
  }

  private static int usage(PrintStream err) {
    err.println(
        "usage: ArchiveDecrypt --keystore <PKCS12 file> --password-file <file holding its password>"
            + " <file.enc | session folder> <output dir>");
    return USAGE;
  }

  private static int decryptOne(
      Path file,
      Path outDir,
      EncryptedRecordingReader.KeyEncryptionKeys keys,
      PrintStream out,
      PrintStream err) {
    String name = file.getFileName().toString();
    String plainName = name.substring(0, name.length() - EncryptedRecordingFormat.SUFFIX.length());
    Path target = outDir.resolve(plainName);
    Path partial = outDir.resolve(plainName + PARTIAL);
    try {
      EncryptedRecordingReader.Outcome outcome;
      Files.deleteIfExists(partial);
      createOwnerOnly(partial);
      try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
        outcome = EncryptedRecordingReader.decrypt(file, keys, o);
      }
      if (plainName.endsWith(".wav")) {
        fixWavSizes(partial);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      String what =
          String.format(
              "%s -> %s: %d segments, %d bytes, key id '%s'",
              file, target, outcome.segments(), outcome.plaintextBytes(), outcome.keyId());
      if (outcome.finished()) {
        out.println(what);
        return OK;
      }
      out.println(
          what
              + "; NOT FINISHED: the server stopped mid-call, decrypted up to its last whole"
              + " segment"
              + (outcome.cutOffBytes() > 0
                  ? " (" + outcome.cutOffBytes() + " bytes of a cut-short segment left out)"
                  : ""));
      return NOT_FINISHED;
    } catch (RecordingDecryptionException e) {
      deleteQuietly(partial);
      err.println("cannot decrypt " + e.getMessage() + "; nothing written for it");
      return FAILED;
    } catch (IOException | RuntimeException e) {
      deleteQuietly(partial);
      err.println("cannot decrypt " + file + ": " + e + "; nothing written for it");
      return FAILED;
    }
  }

  /** A session folder's encrypted files, or the one file named. */
  static List<Path> encryptedFiles(Path input) throws IOException {
    if (Files.isDirectory(input)) {
      try (Stream<Path> list = Files.list(input)) {
        return list.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().endsWith(EncryptedRecordingFormat.SUFFIX))
            .sorted()
            .toList();
      }
    }
    if (!Files.isRegularFile(input)) {
      throw new IOException(input + ": no such file or folder");
    }
    if (!input.getFileName().toString().endsWith(EncryptedRecordingFormat.SUFFIX)) {
      throw new IOException(input + ": not an encrypted recording (no .enc suffix)");
    }
    return List.of(input);
  }

  /** The PKCS12 keystore's secret keys by alias, opened with the password held in a file. */
  static EncryptedRecordingReader.KeyEncryptionKeys keysIn(Path keystore, Path passwordFile)
      throws IOException, GeneralSecurityException {
    char[] password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, password);
    }
    return keyId -> {
      try {
        Key key = store.getKey(keyId, password);
        return key instanceof SecretKey secret ? secret : null;
      } catch (GeneralSecurityException e) {
        return null;
      }
    };
  }

  /**
   * Sets a decrypted WAV's RIFF size and its data chunk's size from the file's length: the writer
   * appends and never goes back, so it left them 0 (RIFF: the EBU/Microsoft RIFF WAVE layout, a
   * 12-byte RIFF header then chunks of id, little-endian size and body padded to even length).
   */
  static void fixWavSizes(Path wav) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(wav.toFile(), "rw")) {
      long length = f.length();
      byte[] riff = new byte[12];
      if (length < 12) {
        throw new IOException(wav + " is not a WAV file: " + length + " bytes");
      }
      f.readFully(riff);
      if (!new String(riff, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
          || !new String(riff, 8, 4, StandardCharsets.US_ASCII).equals("WAVE")) {
        throw new IOException(wav + " is not a WAV file: no RIFF/WAVE header");
      }
      long at = 12;
      while (at + 8 <= length) {
        byte[] chunk = new byte[8];
        f.seek(at);
        f.readFully(chunk);
        long size = littleEndian(chunk, 4);
        if (new String(chunk, 0, 4, StandardCharsets.US_ASCII).equals("data")) {
          writeLittleEndian(f, at + 4, Math.min(0xffffffffL, length - at - 8));
          writeLittleEndian(f, 4, Math.min(0xffffffffL, length - 8));
          return;
        }
        at += 8 + size + (size & 1);
      }
      throw new IOException(wav + " is not a WAV file: no data chunk");
    }
  }

  private static long littleEndian(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  private static void writeLittleEndian(RandomAccessFile f, long at, long value)
      throws IOException {
    f.seek(at);
    f.write(
        new byte[] {(byte) value, (byte) (value >> 8), (byte) (value >> 16), (byte) (value >> 24)});
  }

  /** Decrypted recordings are personal data: readable by their owner only, where POSIX allows. */
  private static void createOwnerOnly(Path p) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // the error about the file is already said; a leftover .partial is named as such
    }
  }
}
