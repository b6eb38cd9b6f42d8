package io.siprec.srs.admin;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.siprec.srs.admin.auth.LoginThrottle;
import io.siprec.srs.session.ArchiveFigures;
import io.siprec.srs.session.AudioFeedFigures;
import io.siprec.srs.session.EndReason;
import io.siprec.srs.session.EventFeedFigures;
import io.siprec.srs.session.HeadroomGauge;
import io.siprec.srs.session.PacketDrop;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.SetupFigures;
import io.siprec.srs.session.StageFigures;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Binds what the server counts to the meter registry that /metrics exposes. Every meter reads a
 * figure its owner keeps (counters of the SIP edge, the sampler's media totals, the publishers' and
 * the archive's counters); nothing here counts on a hot path. The JMS chunk latency and the session
 * durations are recorded by their owners into the same registry.
 */
final class SrsMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final SetupFigures setups;
  private final Set<Integer> rejectionCodes = ConcurrentHashMap.newKeySet();
  private final Set<String> stageMeters = ConcurrentHashMap.newKeySet();
  private SystemSampler sampler;
  private JvmGcMetrics gc;

  SrsMetrics(MeterRegistry registry, SetupFigures setups) {
    this.registry = registry;
    this.setups = setups;
  }

  void bind(
      SessionRegistry sessions,
      RecordingService recordings,
      SystemSampler sampler,
      AudioFeedFigures audio,
      EventFeedFigures events,
      ArchiveFigures archive,
      LoginThrottle logins) {
    gauge(
        "srs.sessions.active",
        "Recording sessions live now",
        sessions,
        SessionRegistry::activeCount);
    gauge(
        "srs.sessions.peak",
        "Most recording sessions live at once since start",
        sessions,
        SessionRegistry::peakCount);
    // Every reason from zero: an alert on the rate of SRC_SILENT or NODE_LOST needs the series
    // before the first one.
    for (EndReason reason : EndReason.values()) {
      FunctionCounter.builder("srs.sessions.ended", sessions, r -> r.endedCount(reason))
          .description("Recording sessions ended, by reason (the session.ended event's reason)")
          .tag("reason", reason.name())
          .register(registry);
    }
    gauge(
        "srs.accepting",
        "1 while new recording sessions are accepted, 0 while draining",
        recordings,
        r -> r.isAccepting() ? 1 : 0);
    for (HeadroomGauge g : recordings.admission().gauges()) {
      Gauge.builder("srs.admission.headroom.reading.ratio", g, HeadroomGauge::reading)
          .description(
              "What a gauge of measured headroom reads now (new sessions refused at its limit)")
          .tag("gauge", g.name())
          .register(registry);
      Gauge.builder("srs.admission.headroom.limit.ratio", g, HeadroomGauge::limit)
          .description("The limit of a gauge of measured headroom")
          .tag("gauge", g.name())
          .register(registry);
      FunctionCounter.builder(
              "srs.admission.refused.headroom",
              recordings.admission(),
              a -> a.refusedForHeadroom().getOrDefault(g.name(), 0L))
          .description("New sessions refused (503) because this gauge had no headroom left")
          .tag("gauge", g.name())
          .register(registry);
    }
    counter(
        "srs.sip.setups",
        "Initial INVITEs answered 200 OK (sessions set up)",
        setups,
        SetupFigures::setups);

    // Metadata never costs a call: what could not be read, and what had to be repaired, is counted
    // here (every kind and repair from zero, so a rate can be taken before the first one).
    for (MetadataProblem.Kind kind : MetadataProblem.Kind.values()) {
      FunctionCounter.builder("srs.metadata.problems", setups, s -> s.metadataProblems(kind))
          .description(
              "Metadata documents not read (the calls were recorded without them), by kind")
          .tag("kind", kind.wireName())
          .register(registry);
    }
    for (MetadataRepair repair : MetadataRepair.values()) {
      FunctionCounter.builder("srs.metadata.repairs", setups, s -> s.metadataRepairs(repair))
          .description("Metadata documents read after repairing this fault, by repair")
          .tag("repair", repair.wireName())
          .register(registry);
    }

    counter(
        "srs.rtp.packets.received",
        "RTP packets received on every stream",
        sampler,
        s -> s.totals().packetsReceived());
    counter(
        "srs.rtp.packets.published",
        "RTP audio packets whose samples went into published chunks",
        sampler,
        s -> s.totals().packetsPublished());
    for (PacketDrop drop : PacketDrop.values()) {
      FunctionCounter.builder(
              "srs.rtp.packets.dropped", sampler, s -> s.totals().drops().count(drop))
          .description(
              "RTP packets dropped inside the server, by the stage that dropped them and why")
          .tag("stage", drop.stage())
          .tag("reason", drop.reason())
          .register(registry);
    }
    counter(
        "srs.rtp.packets.lost",
        "RTP packets that never arrived (sequence gaps: loss before the server)",
        sampler,
        s -> s.totals().packetsLost());
    counter(
        "srs.rtp.packets.malformed",
        "Datagrams on RTP ports that were not valid RTP",
        sampler,
        s -> s.totals().packetsMalformed());
    counter(
        "srs.rtp.decode.errors",
        "Payloads a decoder rejected",
        sampler,
        s -> s.totals().decodeErrors());
    gauge("srs.rtp.streams.open", "Streams receiving now", sampler, s -> s.totals().openStreams());
    gauge(
        "srs.rtp.streams.capacity",
        "Streams the RTP port range can hold at once",
        sampler,
        s -> s.totals().streamCapacity());
    this.sampler = sampler;
    registerNewStages();

    counter(
        "srs.jms.chunks.published",
        "Audio chunks sent to the broker",
        audio,
        AudioFeedFigures::published);
    // By reason, every reason from zero: a broker falling behind (BACKLOG_FULL, TOO_LATE) and a
    // broker away (NO_BROKER) call for different actions.
    for (String reason : audio.droppedByReason().keySet()) {
      FunctionCounter.builder(
              "srs.jms.chunks.dropped", audio, a -> a.droppedByReason().getOrDefault(reason, 0L))
          .description(
              "Audio chunks the real-time feed dropped, by reason (the archive keeps them)")
          .tag("reason", reason)
          .register(registry);
    }
    gauge(
        "srs.jms.audio.backlog",
        "Audio chunks waiting for the broker",
        audio,
        AudioFeedFigures::backlog);
    Gauge.builder("srs.jms.audio.oldest.wait", audio, AudioFeedFigures::oldestWaitingSeconds)
        .description("How long the audio chunk that has waited longest for the broker has waited")
        .baseUnit("seconds")
        .register(registry);
    gauge(
        "srs.jms.broker.connected",
        "1 while the audio publisher is connected to the broker",
        audio,
        a -> a.isConnected() ? 1 : 0);
    counter(
        "srs.jms.events.published",
        "Session events sent to the broker",
        events,
        EventFeedFigures::published);
    counter(
        "srs.jms.events.lost",
        "Session events lost to a full backlog",
        events,
        EventFeedFigures::lost);
    gauge(
        "srs.jms.events.backlog",
        "Session events waiting for the broker",
        events,
        EventFeedFigures::backlog);

    counter(
        "srs.archive.chunks.written",
        "Audio chunks written to the archive",
        archive,
        ArchiveFigures::chunksWritten);
    counter(
        "srs.archive.chunks.dropped",
        "Audio chunks the archive backlog had no room for",
        archive,
        ArchiveFigures::chunksDropped);
    counter(
        "srs.archive.write.errors", "Failed archive writes", archive, ArchiveFigures::writeErrors);
    gauge(
        "srs.archive.backlog",
        "Chunks and events waiting for the disk",
        archive,
        ArchiveFigures::backlog);
    gauge(
        "srs.archive.free.bytes",
        "Free space on the archive's file system at the last check (every 10 s)",
        archive,
        ArchiveFigures::usableBytes);
    gauge(
        "srs.alarms.active",
        "Alarms up now (ARCHIVE_LOW_SPACE, ARCHIVE_WRITE_FAILED; names in /health)",
        archive,
        a -> a.alarms().size());

    counter(
        "srs.admin.login.failures",
        "Failed console and API logins",
        logins,
        LoginThrottle::failures);

    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    registerNewRejectionCodes();
  }

  /**
   * One counter per status code the SIP edge has answered with so far; codes appear as calls are
   * refused, so each scrape first registers the new ones.
   */
  void registerNewRejectionCodes() {
    Set<Integer> codes = new TreeSet<>(setups.refusalStatuses());
    codes.addAll(setups.figures().rejectionsByStatus().keySet());
    for (Integer code : codes) {
      if (rejectionCodes.add(code)) {
        FunctionCounter.builder("srs.sip.rejections", setups, s -> s.rejections(code))
            .description("Initial INVITEs answered with an error, by status code")
            .tag("code", String.valueOf(code))
            .register(registry);
      }
    }
  }

  /**
   * The media path's stage figures summed over every stream, open and closed (docs/media.md, "The
   * media path"): in, out, dropped by reason and processor time per stage. The stages and their
   * reasons are known once a stream has been received, so each scrape first registers new ones.
   */
  void registerNewStages() {
    if (sampler == null) {
      return;
    }
    for (StageFigures f : sampler.totals().stages()) {
      String stage = f.stage();
      if (stageMeters.add(stage)) {
        FunctionCounter.builder("srs.pipeline.stage.in", sampler, s -> stageOf(s, stage).in())
            .description(
                "Items the media path's stage took in, summed over streams (unit: see docs/media.md)")
            .tag("stage", stage)
            .register(registry);
        FunctionCounter.builder("srs.pipeline.stage.out", sampler, s -> stageOf(s, stage).out())
            .description("Items the media path's stage handed on, summed over streams")
            .tag("stage", stage)
            .register(registry);
        FunctionCounter.builder(
                "srs.pipeline.stage.cpu.seconds", sampler, s -> stageOf(s, stage).cpuNanos() / 1e9)
            .description(
                "Processor time spent in the media path's stage itself, estimated from 1 datagram in 16")
            .tag("stage", stage)
            .register(registry);
      }
      for (String reason : f.dropped().keySet()) {
        if (stageMeters.add(stage + "/" + reason)) {
          FunctionCounter.builder(
                  "srs.pipeline.stage.dropped", sampler, s -> stageOf(s, stage).dropped(reason))
              .description("Items the media path's stage dropped, by reason, summed over streams")
              .tag("stage", stage)
              .tag("reason", reason)
              .register(registry);
        }
      }
    }
  }

  private static StageFigures stageOf(SystemSampler sampler, String stage) {
    for (StageFigures f : sampler.totals().stages()) {
      if (f.stage().equals(stage)) {
        return f;
      }
    }
    return NO_STAGE;
  }

  private static final StageFigures NO_STAGE =
      new StageFigures("none", StageFigures.Unit.PACKETS, 0, 0, Map.of(), Map.of(), 0);

  private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
    FunctionCounter.builder(name, source, value).description(description).register(registry);
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
    }
  }
}
