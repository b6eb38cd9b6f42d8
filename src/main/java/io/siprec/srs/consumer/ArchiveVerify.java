package io.siprec.srs.consumer;

import io.siprec.srs.consumer.ArchiveVerification.Finding;
import io.siprec.srs.consumer.ArchiveVerification.Outcome;
import io.siprec.srs.consumer.ArchiveVerification.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The archive's verify command: is every recording as the server sealed it?
 *
 * <pre>
 * java -cp target/srs-consumer/srs-consumer.jar io.siprec.srs.consumer.ArchiveVerify \
 *   &lt;archive root or day folder&gt; [--public-key signing-key.pem]
 * </pre>
 *
 * Prints one line per session (OK, DELETED, OPEN) or per problem (CHANGED, MISSING, ADDED, BAD
 * SIGNATURE, CHAIN BROKEN) and a summary with the chain's head. Exit code 0 when there is no
 * problem, 1 when there is one, 2 when the command could not verify (bad arguments, a folder that
 * is not an archive, an unreadable key).
 */
public final class ArchiveVerify {
  static final int ALL_OK = 0;
  static final int PROBLEMS = 1;
  static final int CANNOT_VERIFY = 2;

  private static final String USAGE =
      "usage: java -cp srs-consumer.jar io.siprec.srs.consumer.ArchiveVerify"
          + " <archive root or day folder> [--public-key file.pem]";

  private ArchiveVerify() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without the exit: what tests call. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Path folder = null;
    Path keyFile = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--public-key") && i + 1 < args.length) {
        keyFile = Path.of(args[++i]);
      } else if (!args[i].startsWith("-") && folder == null) {
        folder = Path.of(args[i]);
      } else {
        err.println("unexpected argument '" + args[i] + "'\n" + USAGE);
        return CANNOT_VERIFY;
      }
    }
    if (folder == null) {
      err.println(USAGE);
      return CANNOT_VERIFY;
    }
    PublicKey key = null;
    if (keyFile != null) {
      try {
        key = ArchiveVerification.readPublicKey(keyFile);
      } catch (IOException | IllegalArgumentException e) {
        err.println("cannot use the public key " + keyFile + ": " + e.getMessage());
        return CANNOT_VERIFY;
      }
    }
    Report report;
    try {
      report = ArchiveVerification.verify(folder, key);
    } catch (IOException | IllegalArgumentException e) {
      err.println("cannot verify " + folder + ": " + e.getMessage());
      return CANNOT_VERIFY;
    }
    out.println(
        "verifying "
            + folder.toAbsolutePath().normalize()
            + (key == null
                ? " (signatures with each day's signing-key.pem)"
                : " (every manifest signed by "
                    + keyFile
                    + ", key "
                    + ArchiveVerification.fingerprint(key).substring(0, 16)
                    + "...)"));
    for (Finding f : report.findings()) {
      out.println(
          f.day()
              + "/"
              + f.session()
              + "  "
              + f.outcome().label()
              + (f.detail() == null || f.detail().isEmpty() ? "" : "  " + f.detail()));
    }
    report.notes().forEach(n -> out.println("note: " + n));
    report.problems().forEach(p -> out.println("PROBLEM: " + p));
    Map<Outcome, Integer> counts = report.counts();
    out.println(
        "summary: "
            + (counts.isEmpty()
                ? "no sessions"
                : counts.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey().label())
                    .collect(Collectors.joining(", ")))
            + (report.headSha256() == null
                ? "; no chain"
                : "; chain head seq " + report.headSeq() + " manifestSha256 " + report.headSha256())
            + (report.allOk() ? "; all OK" : "; PROBLEMS FOUND"));
    return report.allOk() ? ALL_OK : PROBLEMS;
  }
}
