package io.siprec.srs.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** UDP sockets bound on this machine, read from /proc: to see that no port is left allocated. */
public final class UdpSockets {
  private UdpSockets() {}

  /** How many UDP sockets (IPv4 and IPv6) are bound to a port in [min, max]. */
  public static long boundInRange(int min, int max) {
    return lines("/proc/net/udp").stream().filter(l -> inRange(l, min, max)).count()
        + lines("/proc/net/udp6").stream().filter(l -> inRange(l, min, max)).count();
  }

  /** How many UDP sockets (IPv4 and IPv6) are bound to one of these ports. */
  public static long bound(int... ports) {
    long n = 0;
    for (int port : ports) {
      n += boundInRange(port, port);
    }
    return n;
  }

  private static boolean inRange(String line, int min, int max) {
    String[] f = line.trim().split("\\s+");
    if (f.length < 2 || !f[1].contains(":")) {
      return false;
    }
    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
    return port >= min && port <= max;
  }

  private static List<String> lines(String file) {
    try {
      Path p = Path.of(file);
      return Files.exists(p) ? Files.readAllLines(p).stream().skip(1).toList() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
