package io.siprec.srs.admin;

import io.siprec.srs.session.AudioFeedFigures;
import io.siprec.srs.session.MediaFigures;
import io.siprec.srs.session.MediaTotals;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Reads the media totals and the JMS count once a second on a thread of its own, for the rates the
 * console shows and the counters /metrics exports: a scrape or a poll never walks the streams
 * itself, however many browsers are open.
 */
final class SystemSampler {
  private static final int RATE_WINDOW_SECONDS = 5;

  private final MediaFigures media;
  private final AudioFeedFigures audio;
  private final Runnable alsoEachSecond;
  private final RateSampler packets = new RateSampler(RATE_WINDOW_SECONDS);
  private final RateSampler chunks = new RateSampler(RATE_WINDOW_SECONDS);
  private volatile MediaTotals totals = MediaTotals.NONE;
  private ScheduledExecutorService timer;

  SystemSampler(MediaFigures media, AudioFeedFigures audio) {
    this(media, audio, () -> {});
  }

  /**
   * @param alsoEachSecond run after each sample on the sampler's thread (the console notes which
   *     alarms are up)
   */
  SystemSampler(MediaFigures media, AudioFeedFigures audio, Runnable alsoEachSecond) {
    this.media = media;
    this.audio = audio;
    this.alsoEachSecond = alsoEachSecond;
  }

  synchronized void start() {
    sample();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "srs-admin-sampler");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
  }

  synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  private void sample() {
    try {
      long now = System.nanoTime();
      MediaTotals t = media.totals();
      totals = t;
      packets.sample(now, t.packetsReceived());
      chunks.sample(now, audio.published());
      alsoEachSecond.run();
    } catch (RuntimeException e) {
      // A sampling hiccup must not end the timer (a failed run cancels later ones).
      LoggerFactory.getLogger(SystemSampler.class).debug("sampling failed", e);
    }
  }

  MediaTotals totals() {
    return totals;
  }

  double packetsPerSecond() {
    return packets.perSecond();
  }

  double chunksPerSecond() {
    return chunks.perSecond();
  }
}
