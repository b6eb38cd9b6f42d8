package io.siprec.srs.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionGroupsTest {
  private static final Instant T0 = Instant.parse("2026-11-02T14:20:01Z");
  private final SessionGroups groups = new SessionGroups();

  private static LinkedSession member(int n) {
    return new LinkedSession(RecordingSessionId.random(), "call-" + n, T0.plusSeconds(n), null);
  }

  @Test
  void aMemberSeesTheOthersOfItsGroupOnlyOldestFirst() {
    LinkedSession a = member(1);
    LinkedSession b = member(2);
    LinkedSession elsewhere = member(3);
    groups.join("g", a);
    groups.join("g", b);
    groups.join("g", a); // joining again changes nothing
    groups.join("other", elsewhere);

    assertThat(groups.others("g", b.id())).containsExactly(a);
    assertThat(groups.others("g", a.id())).containsExactly(b);
    assertThat(groups.others("other", elsewhere.id())).isEmpty();
    assertThat(groups.others("", a.id())).isEmpty();
  }

  @Test
  void anEndedMemberSaysWhenItEnded() {
    LinkedSession a = member(1);
    LinkedSession b = member(2);
    groups.join("g", a);
    groups.join("g", b);
    groups.ended("g", a.id(), T0.plusSeconds(60));
    assertThat(groups.others("g", b.id()))
        .singleElement()
        .satisfies(l -> assertThat(l.endedAt()).isEqualTo(T0.plusSeconds(60)));
  }

  @Test
  void aGroupKeepsItsLastMembersOnly() {
    List<LinkedSession> members = new ArrayList<>();
    for (int i = 0; i < SessionGroups.MAX_MEMBERS + 5; i++) {
      LinkedSession m = member(i);
      members.add(m);
      groups.join("every-call", m);
    }
    LinkedSession last = members.get(members.size() - 1);
    List<LinkedSession> others = groups.others("every-call", last.id());
    assertThat(others).hasSize(SessionGroups.MAX_MEMBERS - 1);
    assertThat(others.get(0)).isEqualTo(members.get(5));
  }

  @Test
  void theLeastRecentlyUsedGroupsAreForgotten() {
    LinkedSession first = member(0);
    groups.join("g-0", first);
    groups.join("g-0", member(100));
    for (int i = 1; i <= SessionGroups.MAX_GROUPS; i++) {
      groups.join("g-" + i, member(i));
    }
    assertThat(groups.others("g-0", first.id())).isEmpty();
    assertThat(groups.others("g-" + SessionGroups.MAX_GROUPS, first.id())).hasSize(1);
  }
}
