package io.siprec.srs.admin;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.siprec.srs.admin.auth.LoginThrottle;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.ArchiveCustody;
import io.siprec.srs.session.ArchiveFigures;
import io.siprec.srs.session.ArchivedCalls;
import io.siprec.srs.session.AudioFeedFigures;
import io.siprec.srs.session.BrokerFigures;
import io.siprec.srs.session.CallSummary;
import io.siprec.srs.session.EventFeedFigures;
import io.siprec.srs.session.MediaFigures;
import io.siprec.srs.session.MediaTotals;
import io.siprec.srs.session.RecordingFiles;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.RecordingSessionId;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.SessionSnapshot;
import io.siprec.srs.session.SetupFigures;
import io.siprec.srs.session.SignallingLadders;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console, the JSON API, /metrics and /health show, read from the parts that keep it: the
 * live sessions, the SIP edge's setup counts, the media totals, the feeds, the broker, the archive
 * and the JVM. It reads them through the session core's read-only figure ports ({@link
 * MediaFigures}, {@link AudioFeedFigures}, {@link EventFeedFigures}, {@link BrokerFigures}, {@link
 * ArchiveFigures}, {@link SetupFigures}), never the adapters that keep them: the composition root
 * makes the console and hands each port its adapter. Read-only: nothing here changes a session or a
 * setting. The one exception is passed through, not kept here: the archive's custody commands
 * (legal holds, erasure requests, a retention sweep) go to its {@link ArchiveCustody} port.
 */
public class AdminConsole {
  /** ServletContext attribute under which the composition root leaves the running console. */
  public static final String ATTRIBUTE = AdminConsole.class.getName();

  private Settings settings;
  private Clock clock;
  private SessionRegistry sessions;
  private RecordingService recordings;
  private MediaFigures media;
  private AudioFeedFigures audio;
  private EventFeedFigures events;
  private BrokerFigures broker;
  private ArchiveFigures archive;
  private ArchiveCustody custody;
  private RecordingFiles files;
  private ArchivedCalls archivedCalls;
  private SetupFigures setups;
  private SessionTimelines timelines;
  private PrometheusMeterRegistry meters;
  private SignallingLadders ladders;
  private LoginThrottle loginThrottle;
  private SystemSampler sampler;
  private SrsMetrics metrics;
  private AlarmLog alarmLog;
  private Instant startedAt;

  protected AdminConsole() {
    // for CDI proxies
  }

  public AdminConsole(
      Settings settings,
      Clock clock,
      SessionRegistry sessions,
      RecordingService recordings,
      MediaFigures media,
      AudioFeedFigures audio,
      EventFeedFigures events,
      BrokerFigures broker,
      ArchiveFigures archive,
      ArchiveCustody custody,
      RecordingFiles files,
      ArchivedCalls archivedCalls,
      SetupFigures setups,
      SessionTimelines timelines,
      PrometheusMeterRegistry meters,
      SignallingLadders ladders) {
    this.settings = settings;
    this.clock = clock;
    this.sessions = sessions;
    this.recordings = recordings;
    this.media = media;
    this.audio = audio;
    this.events = events;
    this.broker = broker;
    this.archive = archive;
    this.custody = custody;
    this.files = files;
    this.archivedCalls = archivedCalls;
    this.setups = setups;
    this.timelines = timelines;
    this.meters = meters;
    this.ladders = ladders;
    this.loginThrottle = new LoginThrottle(clock);
    this.alarmLog = new AlarmLog(clock);
  }

  /** After the media engine and the publishers: the sampler reads them from the first second. */
  public synchronized void start() {
    startedAt = clock.instant();
    // Each second the sampler also notes which alarms are up, for their "since".
    sampler = new SystemSampler(media, audio, this::health);
    sampler.start();
    metrics = new SrsMetrics(meters, setups);
    metrics.bind(sessions, recordings, sampler, audio, events, archive, loginThrottle);
  }

  public synchronized void stop() {
    if (sampler != null) {
      sampler.stop();
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  /**
   * Failed logins are counted here, where the metrics can read them; the web layer throttles with
   * it.
   */
  public LoginThrottle loginThrottle() {
    return loginThrottle;
  }

  /** Legal holds, erasure requests and retention sweeps of the archive. */
  public ArchiveCustody custody() {
    return custody;
  }

  /** The files the archive wrote per session, for playback and downloads. */
  public RecordingFiles files() {
    return files;
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  // ------------------------------------------------------------------------------ sessions

  /** The live sessions, newest first, at most {@code limit}. */
  public List<LiveSession> liveSessions(int limit) {
    Instant now = clock.instant();
    List<LiveSession> out = new ArrayList<>();
    for (RecordingSession s : sessions.active()) {
      SessionSnapshot snapshot = s.snapshot();
      out.add(new LiveSession(snapshot, s.duration(now), audio.dropped(snapshot.id())));
    }
    out.sort(Comparator.comparing((LiveSession l) -> l.session().startedAt()).reversed());
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  public String liveSessionsJson(int limit) {
    return ConsoleJson.live(clock.instant(), liveSessions(limit));
  }

  public String recentSessionsJson(int limit) {
    List<EndedSession> all = timelines.recent();
    List<EndedSession> recent = all.size() > limit ? all.subList(0, limit) : all;
    return ConsoleJson.recent(
        clock.instant(),
        settings.intValue(Setting.ADMIN_RECENT_SESSIONS),
        all.size(),
        recent,
        s -> audio.dropped(s.id()));
  }

  /** One session, live or still in the recent list; empty when it is neither. */
  public Optional<String> sessionJson(RecordingSessionId id) {
    Optional<RecordingSession> live = sessions.find(id);
    if (live.isPresent()) {
      RecordingSession s = live.get();
      SessionSnapshot snapshot = s.snapshot();
      return Optional.of(
          ConsoleJson.detail(
              snapshot,
              s.duration(clock.instant()),
              null,
              audio.dropped(id),
              timelines.timeline(id)));
    }
    return timelines
        .ended(id)
        .map(
            e ->
                ConsoleJson.detail(
                    e.session(), e.duration(), e.reason(), audio.dropped(id), e.timeline()));
  }

  // ------------------------------------------------------------------------------ SIP ladders

  /** The SIP messages of a live or recent session; empty when they are no longer kept. */
  public Optional<String> sessionLadderJson(RecordingSessionId id) {
    return ladders.ofSession(id).map(LadderJson::write);
  }

  /** The SIP messages of a recently refused INVITE; empty when no longer kept. */
  public Optional<String> refusalLadderJson(String callId) {
    return ladders.ofRefusal(callId).map(LadderJson::write);
  }

  // ------------------------------------------------------------------------------ find a call

  /** Live, recently ended and archived sessions that match, one page of them. */
  public CallSearch.Page findCalls(CallQuery query) {
    List<CallSummary> live = new ArrayList<>();
    if (query.states().contains(CallSummary.State.LIVE)) {
      for (LiveSession l : liveSessions(Integer.MAX_VALUE)) {
        live.add(
            CallSummary.of(
                l.session(), CallSummary.State.LIVE, l.duration(), null, l.chunksDropped(), ""));
      }
    }
    List<CallSummary> ended = new ArrayList<>();
    if (query.states().contains(CallSummary.State.ENDED)) {
      for (EndedSession e : timelines.recent()) {
        ended.add(
            CallSummary.of(
                e.session(),
                CallSummary.State.ENDED,
                e.duration(),
                e.reason(),
                audio.dropped(e.session().id()),
                ""));
      }
    }
    // A session in two places is shown from the first: its freshest view, which the console can
    // open; searching "archived" alone still finds the ended ones the archive holds.
    List<CallSummary> archived =
        query.states().contains(CallSummary.State.ARCHIVED)
            ? archivedCalls.archivedCalls()
            : List.of();
    return CallSearch.search(query, live, ended, archived);
  }

  public String findCallsJson(CallQuery query) {
    return CallsJson.page(
        clock.instant(),
        findCalls(query),
        archivedCalls.indexCapacity(),
        archivedCalls.leftOutOfIndex());
  }

  // ------------------------------------------------------------------------------ system

  public SystemView system() {
    MediaTotals totals = sampler == null ? media.totals() : sampler.totals();
    SystemView.Jms jms =
        new SystemView.Jms(
            brokerState(),
            broker.isEnabled(),
            broker.isRunning(),
            broker.isEnabled() ? broker.consumerUrl() : settings.get(Setting.JMS_URL),
            audio.isConnected(),
            events.isConnected(),
            audio.published(),
            sampler == null ? 0 : sampler.chunksPerSecond(),
            audio.dropped(),
            audio.backlog(),
            settings.intValue(Setting.JMS_AUDIO_BACKLOG),
            events.published(),
            events.lost(),
            events.backlog(),
            audio.chunkLatencyMeanMillis(),
            audio.chunkLatencyMaxMillis());
    SystemView.Archive arch =
        new SystemView.Archive(
            archive.isEnabled(),
            archive.root() == null ? "" : archive.root().toString(),
            archive.chunksWritten(),
            archive.chunksDropped(),
            archive.writeErrors(),
            archive.sessionsArchived(),
            archive.backlog(),
            archive.lastError());
    SystemView.Media med =
        new SystemView.Media(
            totals.packetsReceived(),
            sampler == null ? 0 : sampler.packetsPerSecond(),
            totals.packetsLost(),
            totals.packetsMalformed(),
            totals.decodeErrors(),
            totals.openStreams(),
            totals.streamCapacity());
    Instant now = clock.instant();
    return new SystemView(
        now,
        startedAt == null ? Duration.ZERO : Duration.between(startedAt, now),
        recordings.isAccepting(),
        sessions.activeCount(),
        sessions.peakCount(),
        recordings.admission().maxSessions() > 0 ? recordings.admission().maxSessions() : -1,
        setups.figures(),
        med,
        jms,
        arch,
        jvm(),
        loginThrottle.failures(),
        settingsInEffect(),
        health().banner());
  }

  public String systemJson() {
    return ConsoleJson.system(system());
  }

  /** The status and the alarms, each with since when (which this read notes too). */
  public Health health() {
    List<String> alarms = new ArrayList<>(archive.alarms());
    if (recordings.admission().spentHeadroom() != null) {
      alarms.add(Health.NO_HEADROOM);
    }
    return alarmLog.stamp(
        Health.of(recordings.isAccepting(), brokerState(), sessions.activeCount(), alarms));
  }

  /** The Prometheus text exposition of every meter. */
  public String scrapeMetrics() {
    if (metrics != null) {
      metrics.registerNewRejectionCodes();
      metrics.registerNewStages();
    }
    return meters.scrape();
  }

  /** Audio is what must not stop: the state follows the audio publisher and the events' backlog. */
  private String brokerState() {
    if (audio.isConnected() && events.isConnected()) {
      return "connected";
    }
    boolean eventsHaveRoom = events.backlog() < settings.intValue(Setting.JMS_EVENTS_BACKLOG);
    return audio.isBuffering() && eventsHaveRoom ? "buffering" : "down";
  }

  private List<SystemView.SettingInEffect> settingsInEffect() {
    Map<String, String[]> described = settings.describe();
    List<SystemView.SettingInEffect> out = new ArrayList<>();
    for (Setting s : Setting.values()) {
      String[] valueAndOrigin = described.get(s.key());
      out.add(
          new SystemView.SettingInEffect(
              s.key(), valueAndOrigin[0], valueAndOrigin[1], s.isSecret(), s.description()));
    }
    return out;
  }

  private static SystemView.Jvm jvm() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    double processCpu = -1;
    double systemCpu = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      processCpu = os.getProcessCpuLoad();
      systemCpu = os.getCpuLoad();
    }
    return new SystemView.Jvm(
        heap.getUsed(),
        heap.getCommitted(),
        heap.getMax(),
        processCpu,
        systemCpu,
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        Runtime.version().toString());
  }
}
