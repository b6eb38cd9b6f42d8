package io.siprec.srs.app;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.Admission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Values every bean may inject: the settings read once at start, and the clock. */
@ApplicationScoped
public class ApplicationResources {
  private final Settings settings = Settings.load();

  @Produces
  Settings settings() {
    return settings;
  }

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }

  /** The session limits, one for the whole server. */
  @Produces
  @jakarta.inject.Singleton
  Admission admission() {
    return new Admission(settings.intValue(Setting.SESSIONS_MAX), settings.intValue(Setting.SESSIONS_MAX_PER_SECOND),
        System::nanoTime);
  }
}
