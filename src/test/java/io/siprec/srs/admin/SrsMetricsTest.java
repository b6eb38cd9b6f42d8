package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.siprec.srs.admin.auth.LoginThrottle;
import io.siprec.srs.config.Settings;
import io.siprec.srs.delivery.archive.RecordingArchive;
import io.siprec.srs.delivery.jms.BrokerConnections;
import io.siprec.srs.delivery.jms.EmbeddedBroker;
import io.siprec.srs.delivery.jms.JmsAudioPublisher;
import io.siprec.srs.delivery.jms.JmsEventPublisher;
import io.siprec.srs.media.rtp.RtpMediaGateway;
import io.siprec.srs.session.metadata.MetadataProblem;
import io.siprec.srs.session.metadata.MetadataRepair;
import io.siprec.srs.sip.SetupStatistics;
import io.siprec.srs.sip.SetupStatisticsAccess;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Prometheus exposition of what the server counts, over real (not started) parts. */
class SrsMetricsTest {
  private final Settings settings = Settings.load(Map.<String, String>of()::get, k -> null, null);
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void countersGaugesAndHistogramsAreExposedAndNameNoCall() throws Exception {
    RecordedCallFixture f = new RecordedCallFixture(settings, registry);
    f.call(true);
    f.call(false);
    BrokerConnections connections = new BrokerConnections(settings, new EmbeddedBroker(settings));
    JmsAudioPublisher audio = new JmsAudioPublisher(settings, connections, registry);
    SetupStatistics setups = new SetupStatistics(f.clock);
    SetupStatisticsAccess.setUp(setups);
    SetupStatisticsAccess.setUp(setups);
    SetupStatisticsAccess.rejected(
        setups, 488, "Not a SIPREC recording session", "c1@192.0.2.11", "192.0.2.11:5060/udp");
    LoginThrottle logins = new LoginThrottle(f.clock);
    logins.reserve("192.0.2.66", "admin").failed();
    RtpMediaGateway media = new RtpMediaGateway(settings, chunk -> {}, null);
    SrsMetrics metrics = new SrsMetrics(registry, setups);
    metrics.bind(
        f.registry,
        f.service,
        new SystemSampler(media, audio),
        audio,
        new JmsEventPublisher(settings, connections),
        new RecordingArchive(settings, f.clock),
        logins);

    SetupStatisticsAccess.rejected(
        setups, 503, "No media resources", "c2@192.0.2.10", "192.0.2.10:5060/udp");
    SetupStatisticsAccess.metadataProblem(setups, MetadataProblem.Kind.UNREADABLE);
    SetupStatisticsAccess.metadataProblem(setups, MetadataProblem.Kind.UNREADABLE);
    SetupStatisticsAccess.metadataProblem(setups, MetadataProblem.Kind.HOSTILE);
    SetupStatisticsAccess.metadataRepaired(setups, MetadataRepair.RAW_AMPERSAND);
    metrics.registerNewRejectionCodes();
    String text = registry.scrape();

    assertThat(text)
        .contains("srs_sessions_active 1.0")
        .contains("srs_sessions_peak 1.0")
        .contains("srs_accepting 1.0")
        .contains("srs_sip_setups_total 2.0")
        .contains("srs_sip_rejections_total{code=\"488\"} 1.0")
        .contains("srs_sip_rejections_total{code=\"503\"} 1.0")
        // Every code the server refuses with, and every end reason, from zero: alerts on rates
        // need the series before the first one.
        .contains("srs_sip_rejections_total{code=\"420\"} 0.0")
        .contains("srs_sip_rejections_total{code=\"403\"} 0.0")
        .contains("srs_sessions_ended_total{reason=\"SRC_BYE\"} 1.0")
        .contains("srs_sessions_ended_total{reason=\"NODE_LOST\"} 0.0")
        .contains("srs_rtp_packets_received_total 0.0")
        .contains("srs_rtp_decode_errors_total 0.0")
        .contains("srs_jms_chunks_dropped_total{reason=\"BACKLOG_FULL\"} 0.0")
        .contains("srs_jms_chunks_dropped_total{reason=\"TOO_LATE\"} 0.0")
        .contains("srs_jms_broker_connected 0.0")
        .contains("srs_jms_chunk_latency_seconds_bucket{le=\"0.01\"} 0")
        .contains("srs_session_duration_seconds_count 1")
        .contains("srs_session_duration_seconds_sum 100.0")
        .contains("srs_session_completeness_bucket{le=\"0.99\"} 0")
        .contains("srs_session_completeness_bucket{le=\"1.0\"} 1")
        .contains("srs_admin_login_failures_total 1.0")
        .contains("srs_metadata_problems_total{kind=\"unreadable\"} 2.0")
        .contains("srs_metadata_problems_total{kind=\"hostile\"} 1.0")
        .contains(
            "srs_metadata_problems_total{kind=\"oversize\"} 0.0") // registered before the first
        .contains("srs_metadata_problems_total{kind=\"bad-encoding\"} 0.0")
        .contains("srs_metadata_repairs_total{repair=\"raw-ampersand\"} 1.0")
        .contains("srs_metadata_repairs_total{repair=\"wrong-namespace\"} 0.0")
        .contains("jvm_memory_used_bytes")
        .contains("process_cpu_usage");
    // A scrape names no call, participant or address: it may be read without logging in.
    assertThat(text)
        .doesNotContain("carrier.example.net")
        .doesNotContain("192.0.2.")
        .doesNotContain("@");
    metrics.close();
  }
}
