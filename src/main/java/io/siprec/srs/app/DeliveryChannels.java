package io.siprec.srs.app;

import io.siprec.srs.admin.SessionTimelines;
import io.siprec.srs.delivery.archive.RecordingArchive;
import io.siprec.srs.delivery.jms.JmsAudioPublisher;
import io.siprec.srs.delivery.jms.JmsEventPublisher;
import io.siprec.srs.session.AudioChunkSink;
import io.siprec.srs.session.SessionEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * Every chunk and event goes to each delivery channel: the JMS feed and the archive on disk. The
 * archive takes it first, so that what the feed may drop under load is already kept. Events also go
 * to the admin console's timelines and, with several nodes on one broker, to the other nodes. None
 * blocks its caller.
 */
@ApplicationScoped
public class DeliveryChannels {

  @Produces
  @ApplicationScoped
  AudioChunkSink audio(RecordingArchive archive, JmsAudioPublisher jms) {
    return chunk -> {
      archive.accept(chunk);
      jms.accept(chunk);
    };
  }

  @Produces
  @ApplicationScoped
  SessionEvents events(
      RecordingArchive archive,
      JmsEventPublisher jms,
      SessionTimelines console,
      ClusterNode cluster) {
    return event -> {
      archive.publish(event);
      jms.publish(event);
      console.publish(event);
      cluster.publish(event); // after the feed: a node hears of an end once the event is on its way
    };
  }
}
