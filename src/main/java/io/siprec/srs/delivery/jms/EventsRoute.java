package io.siprec.srs.delivery.jms;

import io.siprec.srs.config.Setting;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.SessionSnapshot;
import java.util.function.Function;

/**
 * The queue a session's events go to under {@code srs.jms.events-routes}, for those outside the
 * publisher who sort sessions the same way: routes are how tenants are told apart ({@code
 * aor:*@tenant-a.example.com=events.tenant-a}), so the archive's retention policy can keep a
 * tenant's recordings as long as that tenant needs.
 */
public final class EventsRoute {
  private EventsRoute() {}

  /**
   * @throws IllegalArgumentException when a routing rule cannot be read: the start stops, as the
   *     publisher's does
   */
  public static Function<SessionSnapshot, String> of(Settings settings) {
    Routes routes =
        Routes.parse(
            settings.get(Setting.JMS_EVENTS_ROUTES), settings.get(Setting.JMS_EVENTS_QUEUE));
    return snapshot -> routes.queueFor(JmsEventPublisher.facts(snapshot));
  }
}
