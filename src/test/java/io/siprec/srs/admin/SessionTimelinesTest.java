package io.siprec.srs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.siprec.srs.config.Settings;
import io.siprec.srs.session.DtmfTone;
import io.siprec.srs.session.MediaNotifications;
import io.siprec.srs.session.RecordingSession;
import io.siprec.srs.session.StreamLabel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionTimelinesTest {

  @Test
  void aLongTimelineKeepsItsStartAndTheLatestEntries() throws Exception {
    RecordedCallFixture f =
        new RecordedCallFixture(
            Settings.load(Map.<String, String>of()::get, k -> null, null),
            new SimpleMeterRegistry());
    RecordingSession session = f.call(false);
    MediaNotifications media = new MediaNotifications(f.timelines, f.clock);
    for (int i = 0; i < SessionTimelines.MAX_ENTRIES + 100; i++) {
      media.dtmf(session.id(), new StreamLabel("1"), new DtmfTone('1', 0, i * 1600L, 100, 10));
    }
    media.dtmf(session.id(), new StreamLabel("2"), new DtmfTone('#', 0, 0, 240, 10));

    List<TimelineEntry> timeline = f.timelines.timeline(session.id());
    assertThat(timeline).hasSize(SessionTimelines.MAX_ENTRIES);
    assertThat(timeline.get(0).type()).isEqualTo("session.started");
    assertThat(timeline.get(timeline.size() - 1))
        .satisfies(
            e -> {
              assertThat(e.streamLabel()).isEqualTo("2");
              assertThat(e.detail()).isEqualTo("key #, 240 ms");
            });
  }

  @Test
  void eventsOfAnUnknownSessionAreIgnored() throws Exception {
    RecordedCallFixture f =
        new RecordedCallFixture(
            Settings.load(Map.<String, String>of()::get, k -> null, null),
            new SimpleMeterRegistry());
    RecordingSession session = f.call(true);
    new MediaNotifications(f.timelines, f.clock)
        .silence(session.id(), new StreamLabel("1"), true, 5000);
    assertThat(f.timelines.timeline(session.id())).isEmpty();
    assertThat(f.timelines.ended(session.id()).orElseThrow().timeline())
        .extracting(TimelineEntry::type)
        .doesNotContain("stream.silent");
  }
}
