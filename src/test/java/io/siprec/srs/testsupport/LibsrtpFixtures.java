package io.siprec.srs.testsupport;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The packets libsrtp protected for us (src/test/resources/srtp/libsrtp/README.md): packet files
 * (each packet preceded by its length in two octets, big-endian) and the manifest that says how
 * each file was made.
 */
public final class LibsrtpFixtures {
  private static final String DIR = "srtp/libsrtp/";

  private LibsrtpFixtures() {}

  /** A master key of a manifest line: key||salt and the MKI value. */
  public record Key(byte[] keySalt, long mki) {}

  /**
   * One manifest line.
   *
   * @param rtcp an SRTCP file (of rtcp.plain) rather than SRTP (of rtp.plain)
   * @param mkiLength 0 when the packets carry no MKI (then only the first key was used)
   * @param switchAt the packet from which the second key protects; 0 if it never does
   * @param services conf+auth, auth (unencrypted) or conf (unauthenticated)
   */
  public record Case(
      String file,
      boolean rtcp,
      String suite,
      List<Key> keys,
      int mkiLength,
      int switchAt,
      String services) {
    public List<ByteBuffer> plain() {
      return packets(rtcp ? "rtcp.plain" : "rtp.plain");
    }

    public List<ByteBuffer> protectedPackets() {
      return packets(file);
    }

    @Override
    public String toString() {
      return file;
    }
  }

  public static List<Case> manifest() {
    List<Case> cases = new ArrayList<>();
    for (String line : Fixtures.text(DIR + "manifest.txt").split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\|");
      List<Key> keys = new ArrayList<>();
      for (String k : f[3].strip().split(",")) {
        String[] hexAndMki = k.split(":");
        keys.add(new Key(HexFormat.of().parseHex(hexAndMki[0]), Long.parseLong(hexAndMki[1])));
      }
      cases.add(
          new Case(
              f[0].strip(),
              f[1].strip().equals("rtcp"),
              f[2].strip(),
              keys,
              Integer.parseInt(f[4].strip()),
              Integer.parseInt(f[5].strip()),
              f[6].strip()));
    }
    return cases;
  }

  /** The packets of a fixture file, each in its own buffer. */
  public static List<ByteBuffer> packets(String file) {
    byte[] all = Fixtures.bytes(DIR + file);
    List<ByteBuffer> out = new ArrayList<>();
    for (int at = 0; at < all.length; ) {
      int length = (all[at] & 0xff) << 8 | (all[at + 1] & 0xff);
      byte[] p = new byte[length];
      System.arraycopy(all, at + 2, p, 0, length);
      out.add(ByteBuffer.wrap(p));
      at += 2 + length;
    }
    return out;
  }
}
