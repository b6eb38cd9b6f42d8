package io.siprec.srs.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.Admission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * Values every bean may inject: the settings read once at start, the clock, and the one meter
 * registry that components record into and /metrics exposes.
 */
@ApplicationScoped
public class ApplicationResources {
  private final Settings settings = Settings.load();
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Produces
  Settings settings() {
    return settings;
  }

  /** Dependent scope on purpose: the registry's final methods cannot sit behind a CDI proxy. */
  @Produces
  PrometheusMeterRegistry meters() {
    return meters;
  }

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The session limits, one for the whole server. */
  @Produces
  @jakarta.inject.Singleton
  Admission admission() {
    return new Admission(
        settings.intValue(Setting.SESSIONS_MAX),
        settings.intValue(Setting.SESSIONS_MAX_PER_SECOND),
        System::nanoTime);
  }
}
