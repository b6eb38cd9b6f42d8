package io.siprec.srs.app;

import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.archive.RecordingArchive;
import io.siprec.srs.delivery.jms.BrokerConnections;
import io.siprec.srs.delivery.jms.EmbeddedBroker;
import io.siprec.srs.delivery.jms.JmsAudioPublisher;
import io.siprec.srs.delivery.jms.JmsClusterChannel;
import io.siprec.srs.delivery.jms.JmsEventPublisher;
import io.siprec.srs.delivery.jms.NodeSettings;
import io.siprec.srs.media.rtp.RtpMediaGateway;
import io.siprec.srs.session.Admission;
import io.siprec.srs.session.HeadroomGauge;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.SessionLiveness;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.session.cluster.NodeWatch;
import io.siprec.srs.sip.SiprecSignalling;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the server's parts in an order that loses nothing: broker, archive, then
 * publishers, then media (so the first chunk has somewhere to go), then the admin console's
 * sampling of them; on the way down, recordings first (their last chunks and "ended" events), then
 * the console's sampling, media, publishers and the archive (flushed), then the broker.
 */
@ApplicationScoped
public class SrsApplication {
  /** ServletContext attribute holding the running application. */
  public static final String ATTRIBUTE = SrsApplication.class.getName();

  /** Must equal StandaloneServer.DRAIN_ATTRIBUTE (the launcher is not on the WAR's class path). */
  public static final String DRAIN_ATTRIBUTE = "io.siprec.srs.drain";

  private static final Logger LOG = LoggerFactory.getLogger(SrsApplication.class);
  private static final Duration FLUSH = Duration.ofSeconds(3);

  @Inject Settings settings;
  @Inject EmbeddedBroker broker;
  @Inject BrokerConnections connections;
  @Inject JmsAudioPublisher audio;
  @Inject RecordingArchive archive;
  @Inject JmsEventPublisher events;
  @Inject RtpMediaGateway media;
  @Inject RecordingService recordings;
  @Inject Admission admission;
  @Inject SiprecSignalling signalling;
  @Inject SessionRegistry registry;
  private SessionLiveness liveness;
  @Inject AdminConsole admin;
  @Inject ClusterNode cluster;

  private final AtomicBoolean drained = new AtomicBoolean();

  public void start() {
    long t0 = System.nanoTime();
    broker.start();
    archive.start();
    events.start();
    audio.start();
    startClusterWatch();
    media.start();
    admission.watch(headroomGauges());
    liveness =
        new SessionLiveness(
            registry,
            recordings,
            signalling,
            Duration.ofSeconds(settings.intValue(Setting.SESSIONS_IDLE_TIMEOUT_SECONDS)),
            Duration.ofSeconds(settings.intValue(Setting.SESSIONS_PAUSED_TIMEOUT_SECONDS)),
            System::nanoTime);
    liveness.start();
    admin.start();
    warmUp();
    LOG.info(
        "SIPREC recording server ready in {} ms: SIP {}:{} (udp, tcp), RTP {}-{}, JMS {} (audio {}, events {})",
        (System.nanoTime() - t0) / 1_000_000,
        settings.get(Setting.SIP_ADDRESS),
        settings.get(Setting.SIP_PORT),
        settings.get(Setting.MEDIA_PORT_MIN),
        settings.get(Setting.MEDIA_PORT_MAX),
        connections.describe(),
        settings.get(Setting.JMS_AUDIO_QUEUE),
        settings.get(Setting.JMS_EVENTS_QUEUE));
  }

  /** The measured limits admission watches, each off when its setting is 0. */
  private List<HeadroomGauge> headroomGauges() {
    List<HeadroomGauge> gauges = new ArrayList<>();
    int receiveBusy = settings.intValue(Setting.ADMISSION_MAX_RTP_RECEIVE_BUSY_PERCENT);
    if (receiveBusy > 0) {
      gauges.add(media.receiveBusy(receiveBusy / 100.0));
    }
    int backlog = settings.intValue(Setting.ADMISSION_MAX_AUDIO_BACKLOG_PERCENT);
    if (backlog > 0) {
      gauges.add(audio.backlogInUse(backlog / 100.0));
    }
    int chunkAgeMs = settings.intValue(Setting.ADMISSION_MAX_AUDIO_CHUNK_AGE_MS);
    if (chunkAgeMs > 0) {
      gauges.add(audio.oldestChunkAge(Duration.ofMillis(chunkAgeMs)));
    }
    int cpu = settings.intValue(Setting.ADMISSION_MAX_MACHINE_CPU_PERCENT);
    if (cpu > 0) {
      gauges.add(MachineCpu.gauge(cpu / 100.0));
    }
    LOG.info("admission watches {}", gauges.isEmpty() ? "the session counts only" : gauges);
    return gauges;
  }

  /**
   * The first INVITE after start once took 600 ms (classes loaded and linked on its path, the XML
   * binding context made), long enough for an SRC to retransmit it over UDP. Paid here instead.
   */
  private void warmUp() {
    long t0 = System.nanoTime();
    try {
      signalling.warmUp();
      media.warmUp();
      LOG.info(
          "warmed up the INVITE path and the decoders in {} ms",
          (System.nanoTime() - t0) / 1_000_000);
    } catch (RuntimeException e) {
      // Only the first call's speed is at stake: start anyway, and say why it may be slow.
      LOG.warn("warm-up failed; the first call after start may be slow", e);
    }
  }

  /**
   * With an external broker, heartbeats among the nodes sharing it, so that a node's sessions are
   * reported ended when it dies (docs/scale-out.md).
   */
  private void startClusterWatch() {
    if (!NodeSettings.clusterEnabled(settings)) {
      return;
    }
    Duration timeout = NodeSettings.nodeTimeout(settings);
    NodeWatch watch =
        new NodeWatch(
            NodeSettings.nodeId(settings),
            registry,
            new JmsClusterChannel(
                connections.factory(), settings.get(Setting.CLUSTER_ADDRESS), timeout),
            events,
            NodeSettings.heartbeat(settings),
            timeout,
            Clock.systemUTC());
    watch.start();
    cluster.started(watch);
  }

  /**
   * Ends every live recording with a BYE, while the SIP stack can still deliver the answers. Called
   * by the standalone launcher before it stops the container.
   */
  public void drain() {
    if (drained.compareAndSet(false, true)) {
      if (liveness != null) {
        liveness.close();
      }
      int ended =
          recordings.drain(
              signalling, Duration.ofMillis(settings.intValue(Setting.SHUTDOWN_GRACE_MS)));
      LOG.info("drained: {} recording session(s) ended", ended);
    }
  }

  public void stop() {
    drain(); // no-op when the launcher already drained (webapp undeploy in a container does not)
    admin.stop();
    NodeWatch watch = cluster.stopped();
    if (watch != null) {
      watch.close();
    }
    media.stop();
    events.stop(FLUSH);
    audio.stop(FLUSH);
    archive.stop(FLUSH);
    connections.close();
    broker.stop();
    LOG.info("SIPREC recording server stopped");
  }

  public SiprecSignalling signalling() {
    return signalling;
  }

  public AdminConsole admin() {
    return admin;
  }
}
