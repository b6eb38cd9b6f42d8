package io.siprec.srs.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recording sessions of each metadata group seen by this server, so that a new session can name
 * the earlier ones of its group (a transfer: BYE, then a new INVITE reusing {@code group_id}).
 * Bounded: the {@value #MAX_GROUPS} groups used most recently, the last {@value #MAX_MEMBERS}
 * sessions of each; an SRC that puts one group id on every call links each to its last few only. In
 * memory, per server: a session that starts on another server of a cluster is not linked.
 */
public final class SessionGroups {
  static final int MAX_GROUPS = 10_000;
  static final int MAX_MEMBERS = 32;

  private final Map<String, List<LinkedSession>> groups =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<LinkedSession>> eldest) {
          return size() > MAX_GROUPS;
        }
      };

  /** Adds a session to its group; joining twice does nothing. */
  public synchronized void join(String groupId, LinkedSession member) {
    if (groupId.isEmpty()) {
      return;
    }
    List<LinkedSession> members = groups.computeIfAbsent(groupId, g -> new ArrayList<>());
    if (members.stream().anyMatch(m -> m.id().equals(member.id()))) {
      return;
    }
    if (members.size() == MAX_MEMBERS) {
      members.remove(0);
    }
    members.add(member);
  }

  /** A member of the group ended. */
  public synchronized void ended(String groupId, RecordingSessionId id, Instant at) {
    List<LinkedSession> members = groups.get(groupId);
    if (members == null) {
      return;
    }
    members.replaceAll(m -> m.id().equals(id) && m.endedAt() == null ? m.endedAt(at) : m);
  }

  /** The other sessions of the group, oldest first. */
  public synchronized List<LinkedSession> others(String groupId, RecordingSessionId self) {
    List<LinkedSession> members = groupId.isEmpty() ? null : groups.get(groupId);
    if (members == null) {
      return List.of();
    }
    return members.stream().filter(m -> !m.id().equals(self)).toList();
  }
}
