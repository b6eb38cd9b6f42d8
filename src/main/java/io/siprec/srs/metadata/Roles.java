package io.siprec.srs.metadata;

import io.siprec.srs.session.metadata.Participant;
import io.siprec.srs.session.metadata.ParticipantRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tells caller from callee where the SRC gives a way to: an explicit flag (Oracle's callingParty,
 * Intrado's role) first; else the original From/To headers Ribbon sends in callData; else
 * BroadWorks' call type for its user; and with two parties, once one side is known, the other is
 * the other side. Label numbers are never used: Ribbon's first participant sends label 2.
 */
public final class Roles {
  private Roles() {}

  public static List<Participant> infer(
      List<Participant> participants, Map<String, String> callIds) {
    List<Participant> out = new ArrayList<>(participants);
    if (out.stream().allMatch(p -> p.role() == ParticipantRole.UNKNOWN)) {
      String from = userPart(callIds.get("originalFrom"));
      String to = userPart(callIds.get("originalTo"));
      String bwUser = userPart(callIds.get("broadworks.userID"));
      String callType = callIds.getOrDefault("broadworks.callType", "");
      for (int i = 0; i < out.size(); i++) {
        String user = userPart(out.get(i).aor());
        if (user.isEmpty()) {
          continue;
        }
        if (user.equals(from)) {
          out.set(i, out.get(i).withRole(ParticipantRole.CALLER));
        } else if (user.equals(to)) {
          out.set(i, out.get(i).withRole(ParticipantRole.CALLEE));
        } else if (user.equals(bwUser) && callType.startsWith("orig")) {
          out.set(i, out.get(i).withRole(ParticipantRole.CALLER));
        } else if (user.equals(bwUser) && callType.startsWith("term")) {
          out.set(i, out.get(i).withRole(ParticipantRole.CALLEE));
        }
      }
    }
    if (out.size() == 2) {
      ParticipantRole a = out.get(0).role();
      ParticipantRole b = out.get(1).role();
      if (a != ParticipantRole.UNKNOWN && b == ParticipantRole.UNKNOWN) {
        out.set(1, out.get(1).withRole(opposite(a)));
      } else if (b != ParticipantRole.UNKNOWN && a == ParticipantRole.UNKNOWN) {
        out.set(0, out.get(0).withRole(opposite(b)));
      }
    }
    return out;
  }

  private static ParticipantRole opposite(ParticipantRole r) {
    return r == ParticipantRole.CALLER ? ParticipantRole.CALLEE : ParticipantRole.CALLER;
  }

  /**
   * The user part of an address in any of the shapes SRCs use: {@code sip:+1555@host}, {@code
   * +1555@host:5060}, {@code "Alice" <sip:alice@host>;tag=x}, {@code tel:+1555}, a bare id.
   */
  public static String userPart(String address) {
    if (address == null || address.isBlank()) {
      return "";
    }
    String a = address.strip();
    int lt = a.indexOf('<');
    int gt = a.indexOf('>', lt + 1);
    if (lt >= 0 && gt > lt) {
      a = a.substring(lt + 1, gt);
    }
    a = a.replaceFirst("(?i)^(sips?|tel):", "");
    int at = a.indexOf('@');
    if (at >= 0) {
      a = a.substring(0, at);
    }
    int semicolon = a.indexOf(';');
    if (semicolon >= 0) {
      a = a.substring(0, semicolon);
    }
    return a.toLowerCase(Locale.ROOT);
  }
}
