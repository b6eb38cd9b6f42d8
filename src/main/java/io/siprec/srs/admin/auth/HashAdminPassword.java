package io.siprec.srs.admin.auth;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Makes a value for {@code srs.admin.password-hash}: {@code java -cp
 * target/srs-server/srs-server.jar io.siprec.srs.admin.auth.HashAdminPassword}. Asks for the
 * password twice on a terminal (nothing echoed); without a terminal reads one line from standard
 * input, for scripts ({@code printf '%s\n' "$PW" | java -cp ...}). Prints only the hash. {@code
 * --iterations N} raises or lowers the cost (at least 100000).
 */
public final class HashAdminPassword {
  private HashAdminPassword() {}

  public static void main(String[] args) throws IOException {
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    if (args.length == 2 && args[0].equals("--iterations")) {
      iterations = Integer.parseInt(args[1]);
    } else if (args.length != 0) {
      System.err.println("usage: HashAdminPassword [--iterations N]");
      System.exit(2);
    }
    char[] password = read();
    if (password.length < 12) {
      System.err.println("refusing a password shorter than 12 characters");
      System.exit(1);
    }
    try {
      System.out.println(PasswordHash.of(password, iterations));
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  private static char[] read() throws IOException {
    Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("admin console password: ");
      char[] again = console.readPassword("again: ");
      if (first == null || !Arrays.equals(first, again)) {
        System.err.println("the two entries differ");
        System.exit(1);
      }
      Arrays.fill(again, '\0');
      return first;
    }
    String line =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    return line == null ? new char[0] : line.toCharArray();
  }
}
