package io.siprec.srs.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.siprec.srs.admin.AdminConsole;
import io.siprec.srs.admin.SessionTimelines;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.archive.RecordingArchive;
import io.siprec.srs.delivery.jms.EmbeddedBroker;
import io.siprec.srs.delivery.jms.JmsAudioPublisher;
import io.siprec.srs.delivery.jms.JmsEventPublisher;
import io.siprec.srs.media.rtp.RtpMediaGateway;
import io.siprec.srs.session.RecordingService;
import io.siprec.srs.session.SessionRegistry;
import io.siprec.srs.sip.SetupStatistics;
import io.siprec.srs.sip.SipLadderStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The admin console reads figure ports of the session core, not the adapters: here, and only here,
 * each port is given the adapter that keeps its figures.
 */
@ApplicationScoped
public class AdminConsoleWiring {

  @Produces
  @ApplicationScoped
  AdminConsole console(
      Settings settings,
      Clock clock,
      SessionRegistry sessions,
      RecordingService recordings,
      RtpMediaGateway media,
      JmsAudioPublisher audio,
      JmsEventPublisher events,
      EmbeddedBroker broker,
      RecordingArchive archive,
      SetupStatistics setups,
      SessionTimelines timelines,
      PrometheusMeterRegistry meters,
      SipLadderStore ladders) {
    return new AdminConsole(
        settings,
        clock,
        sessions,
        recordings,
        media,
        audio,
        events,
        broker,
        archive,
        archive,
        archive,
        archive,
        setups,
        timelines,
        meters,
        ladders);
  }
}
