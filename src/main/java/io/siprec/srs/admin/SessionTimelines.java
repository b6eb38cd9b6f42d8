package io.siprec.srs.admin;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionEvent;
import io.siprec.srs.session.SessionEvents;
import io.siprec.srs.session.json.SessionJson;
import io.siprec.srs.session.metadata.MetadataChange;
import io.siprec.srs.session.metadata.MetadataProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's memory of sessions, fed with the same events as JMS and the archive: a timeline per
 * live session, and the last {@code srs.admin.recent-sessions} ended ones with their final
 * snapshot. Also times ended sessions for the metrics (duration, completeness). Only ever does a
 * little in-memory work on the publishing thread.
 */
@ApplicationScoped
@Typed(SessionTimelines.class) // reached through DeliveryChannels, beside JMS and the archive
public class SessionTimelines implements SessionEvents {
  /** Entries kept per session: the first and the latest (a DTMF-heavy call must stay bounded). */
  static final int MAX_ENTRIES = 500;

  private int recentLimit;
  private Timer durations;
  private DistributionSummary completeness;
  private final ConcurrentHashMap<RecordingSessionId, List<TimelineEntry>> live =
      new ConcurrentHashMap<>();
  private final ArrayDeque<EndedSession> recent = new ArrayDeque<>();

  protected SessionTimelines() {
    // for CDI proxies
  }

  @Inject
  public SessionTimelines(Settings settings, MeterRegistry meters) {
    this.recentLimit = settings.intValue(Setting.ADMIN_RECENT_SESSIONS);
    this.durations =
        Timer.builder("srs.session.duration")
            .description("Length of ended recording sessions")
            .serviceLevelObjectives(
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(5),
                Duration.ofMinutes(15),
                Duration.ofHours(1))
            .register(meters);
    this.completeness =
        DistributionSummary.builder("srs.session.completeness")
            .description("Share of the expected audio an ended session holds, 0 to 1")
            .serviceLevelObjectives(0.5, 0.8, 0.9, 0.95, 0.99, 1.0)
            .register(meters);
  }

  @Override
  public void publish(SessionEvent event) {
    TimelineEntry entry = entry(event);
    if (event instanceof SessionEvent.SessionStarted) {
      List<TimelineEntry> timeline = new ArrayList<>();
      timeline.add(entry);
      live.put(event.sessionId(), timeline);
    } else if (event instanceof SessionEvent.SessionEnded ended) {
      List<TimelineEntry> timeline = live.remove(event.sessionId());
      List<TimelineEntry> all = new ArrayList<>();
      if (timeline != null) {
        synchronized (timeline) {
          all.addAll(timeline);
        }
      }
      all.add(entry);
      remember(new EndedSession(ended.session(), ended.reason(), ended.duration(), all));
      durations.record(ended.duration());
      completeness.record(ended.session().completeness());
    } else {
      List<TimelineEntry> timeline = live.get(event.sessionId());
      if (timeline != null) {
        synchronized (timeline) {
          if (timeline.size() >= MAX_ENTRIES) {
            timeline.remove(1); // keep "started"
          }
          timeline.add(entry);
        }
      }
    }
  }

  private void remember(EndedSession session) {
    synchronized (recent) {
      if (recent.size() >= recentLimit) {
        recent.removeLast();
      }
      recent.addFirst(session);
    }
  }

  /** The timeline of a live session, oldest first; empty when the session is not live. */
  public List<TimelineEntry> timeline(RecordingSessionId id) {
    List<TimelineEntry> timeline = live.get(id);
    if (timeline == null) {
      return List.of();
    }
    synchronized (timeline) {
      return List.copyOf(timeline);
    }
  }

  /** Ended sessions, newest first. */
  public List<EndedSession> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }

  public Optional<EndedSession> ended(RecordingSessionId id) {
    synchronized (recent) {
      return recent.stream().filter(s -> s.session().id().equals(id)).findFirst();
    }
  }

  static TimelineEntry entry(SessionEvent event) {
    String type = SessionJson.type(event);
    if (event instanceof SessionEvent.SessionStarted started) {
      var s = started.session();
      return new TimelineEntry(
          event.at(),
          type,
          "",
          "from "
              + s.srcAddress()
              + " ("
              + s.srcVendor()
              + "), "
              + s.streams().size()
              + " stream(s)"
              + (s.metadataProblem() == null
                  ? ""
                  : "; metadata not read: " + problem(s.metadataProblem())));
    } else if (event instanceof SessionEvent.MetadataUpdated updated) {
      return new TimelineEntry(
          event.at(),
          type,
          "",
          "in "
              + updated.receivedIn()
              + ", "
              + (updated.partialUpdate() ? "partial" : "complete")
              + changes(updated.change()));
    } else if (event instanceof SessionEvent.MetadataProblemFound found) {
      return new TimelineEntry(
          event.at(),
          type,
          "",
          "in "
              + found.problem().receivedIn()
              + ", not read: "
              + problem(found.problem())
              + "; the metadata before it is kept");
    } else if (event instanceof SessionEvent.StreamPaused paused) {
      return new TimelineEntry(
          event.at(), type, paused.label().value(), "paused (" + paused.cause().wireName() + ")");
    } else if (event instanceof SessionEvent.StreamResumed resumed) {
      return new TimelineEntry(
          event.at(),
          type,
          resumed.label().value(),
          "resumed after "
              + seconds(resumed.pausedFor())
              + " ("
              + resumed.cause().wireName()
              + ")");
    } else if (event instanceof SessionEvent.StreamSilent silent) {
      return new TimelineEntry(
          event.at(),
          type,
          silent.label().value(),
          "nothing received for " + seconds(Duration.ofMillis(silent.quietMillis())));
    } else if (event instanceof SessionEvent.StreamActive active) {
      return new TimelineEntry(event.at(), type, active.label().value(), "receiving again");
    } else if (event instanceof SessionEvent.StreamAdded added) {
      return new TimelineEntry(
          event.at(),
          type,
          added.stream().label().value(),
          "added (m= line "
              + (added.stream().mediaIndex() + 1)
              + ", "
              + String.join(" ", added.stream().encodings())
              + ")");
    } else if (event instanceof SessionEvent.StreamRemoved removed) {
      return new TimelineEntry(
          event.at(),
          type,
          removed.stream().label().value(),
          "removed (port 0) after " + removed.stream().statistics().chunksPublished() + " chunks");
    } else if (event instanceof SessionEvent.DtmfReceived dtmf) {
      return new TimelineEntry(
          event.at(),
          type,
          dtmf.label().value(),
          "key " + dtmf.tone().digit() + ", " + dtmf.tone().durationMillis() + " ms");
    } else if (event instanceof SessionEvent.CommunicationStarted started) {
      return new TimelineEntry(
          event.at(),
          type,
          "",
          "call "
              + started.communication().id()
              + " recorded from here ("
              + started.receivedIn()
              + ")");
    } else if (event instanceof SessionEvent.CommunicationEnded ended) {
      return new TimelineEntry(
          event.at(),
          type,
          "",
          "call " + ended.communication().id() + " over (" + ended.receivedIn() + ")");
    } else if (event instanceof SessionEvent.SessionEnded ended) {
      return new TimelineEntry(
          event.at(), type, "", ended.reason().name() + " after " + seconds(ended.duration()));
    }
    return new TimelineEntry(event.at(), type, "", "");
  }

  private static String problem(MetadataProblem p) {
    return p.kind().wireName() + " (" + p.detail() + ")";
  }

  private static String changes(MetadataChange c) {
    StringBuilder out = new StringBuilder();
    if (!c.participantsAdded().isEmpty()) {
      out.append("; participants added: ").append(String.join(", ", c.participantsAdded()));
    }
    if (!c.participantsRemoved().isEmpty()) {
      out.append("; participants removed: ").append(String.join(", ", c.participantsRemoved()));
    }
    if (!c.streamsReattributed().isEmpty()) {
      out.append("; streams now heard: ");
      List<String> parts = new ArrayList<>();
      c.streamsReattributed()
          .forEach((label, who) -> parts.add(label + " = " + (who.isEmpty() ? "nobody" : who)));
      out.append(String.join(", ", parts));
    }
    return out.toString();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
