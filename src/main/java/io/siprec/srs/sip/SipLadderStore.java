package io.siprec.srs.sip;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SignallingLadders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SIP messages of each recording dialog, by Call-ID, for the console's ladder. Bounded four
 * ways: messages per ladder, characters per message (the rest cut, and said so), ended ladders kept
 * (as many as the console's recent sessions), refused ones kept (as many as its last rejections);
 * and all of it by a character budget that drops the oldest ended, then refused, then open ladders.
 * Only SIP messages pass here, never media: one short synchronised append per message.
 */
@ApplicationScoped
public class SipLadderStore implements SignallingLadders {
  static final int MESSAGES_PER_LADDER = 64;
  static final int CHARS_PER_MESSAGE = 16 * 1024;

  /** 32 MiB of text at most (Latin-1 strings: about as many bytes), whatever the load. */
  static final long CHAR_BUDGET = 32L * 1024 * 1024;

  private Clock clock;
  private Bounds bounds;
  private int endedLimit;
  private int refusedLimit;
  private long charBudget;
  private long charsKept;

  // Insertion order is age order: eviction takes the first.
  private final LinkedHashMap<String, Kept> open = new LinkedHashMap<>();
  private final LinkedHashMap<String, Kept> ended = new LinkedHashMap<>();
  private final LinkedHashMap<String, Kept> refused = new LinkedHashMap<>();

  protected SipLadderStore() {
    // for CDI proxies
  }

  @Inject
  public SipLadderStore(Settings settings, Clock clock) {
    this(
        clock,
        new Bounds(MESSAGES_PER_LADDER, CHARS_PER_MESSAGE),
        settings.intValue(Setting.ADMIN_RECENT_SESSIONS),
        SetupStatistics.LAST_REJECTIONS,
        CHAR_BUDGET);
  }

  SipLadderStore(Clock clock, Bounds bounds, int endedLimit, int refusedLimit, long charBudget) {
    this.clock = clock;
    this.bounds = bounds;
    this.endedLimit = endedLimit;
    this.refusedLimit = refusedLimit;
    this.charBudget = charBudget;
  }

  /** One ladder as it grows; guarded by the store's lock. */
  private static final class Kept {
    final String callId;
    RecordingSessionId sessionId;
    final List<LadderMessage> messages = new ArrayList<>();
    int omitted;
    long chars;

    Kept(String callId) {
      this.callId = callId;
    }
  }

  /**
   * A message sent or received. Only an initial INVITE opens a ladder; anything else is added to
   * the ladder of its Call-ID, or not kept (an OPTIONS ping outside any dialog has none).
   *
   * @param text the whole message, keys already masked
   */
  synchronized void add(
      String callId,
      Instant at,
      boolean received,
      String startLine,
      String label,
      String text,
      boolean opensLadder) {
    Kept ladder = opensLadder ? null : find(callId);
    if (ladder == null) {
      if (!opensLadder) {
        return;
      }
      // A Call-ID used again for a new INVITE: the newer dialog's ladder replaces the older one.
      for (LinkedHashMap<String, Kept> kept : List.of(open, ended, refused)) {
        Kept older = kept.remove(callId);
        if (older != null) {
          charsKept -= older.chars;
        }
      }
      ladder = new Kept(callId);
      open.put(callId, ladder);
    }
    if (ladder.messages.size() >= bounds.messagesPerLadder()) {
      ladder.omitted++;
      return;
    }
    String kept =
        text.length() <= bounds.charsPerMessage()
            ? text
            : text.substring(0, bounds.charsPerMessage());
    // In time order: a message sent is added once sent, perhaps after the answer it drew.
    int position = ladder.messages.size();
    while (position > 0 && ladder.messages.get(position - 1).at().isAfter(at)) {
      position--;
    }
    ladder.messages.add(
        position, new LadderMessage(at, received, startLine, label, kept, text.length()));
    ladder.chars += kept.length();
    charsKept += kept.length();
    keepWithinBudget();
  }

  /** The INVITE of this Call-ID was answered 200: its ladder is this session's. */
  synchronized void answered(String callId, RecordingSessionId sessionId) {
    Kept ladder = open.get(callId);
    if (ladder != null) {
      ladder.sessionId = sessionId;
    }
  }

  /** The dialog ended (BYE answered, CANCEL, no ACK): its ladder joins the recent ones. */
  synchronized void ended(String callId) {
    moveOpen(callId, ended, endedLimit);
  }

  /** The initial INVITE was refused: its ladder joins the last refusals. */
  synchronized void refused(String callId) {
    moveOpen(callId, refused, refusedLimit);
  }

  @Override
  public synchronized Optional<Ladder> ofSession(RecordingSessionId id) {
    for (Map<String, Kept> kept : List.of(open, ended)) {
      for (Kept ladder : kept.values()) {
        if (id.equals(ladder.sessionId)) {
          return Optional.of(view(ladder));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized Optional<Ladder> ofRefusal(String callId) {
    return Optional.ofNullable(refused.get(callId)).map(this::view);
  }

  /** The time a message is kept with. */
  Instant now() {
    return clock.instant();
  }

  /** Characters of text kept now, over all ladders. */
  synchronized long charsKept() {
    return charsKept;
  }

  private Kept find(String callId) {
    Kept ladder = open.get(callId);
    if (ladder == null) {
      ladder = ended.get(callId); // e.g. a retransmitted BYE after our 200
    }
    if (ladder == null) {
      ladder = refused.get(callId); // e.g. the ACK of our error answer
    }
    return ladder;
  }

  private void moveOpen(String callId, LinkedHashMap<String, Kept> to, int limit) {
    Kept ladder = open.remove(callId);
    if (ladder == null) {
      return;
    }
    to.remove(callId); // a Call-ID used again: the newer ladder wins
    to.put(callId, ladder);
    while (to.size() > limit) {
      dropOldest(to);
    }
  }

  private void keepWithinBudget() {
    for (LinkedHashMap<String, Kept> oldestFirst : List.of(ended, refused, open)) {
      while (charsKept > charBudget && !oldestFirst.isEmpty()) {
        dropOldest(oldestFirst);
      }
    }
  }

  private void dropOldest(LinkedHashMap<String, Kept> from) {
    Iterator<Kept> it = from.values().iterator();
    charsKept -= it.next().chars;
    it.remove();
  }

  private Ladder view(Kept ladder) {
    return new Ladder(
        ladder.callId,
        Optional.ofNullable(ladder.sessionId),
        ladder.messages,
        ladder.omitted,
        bounds);
  }
}
