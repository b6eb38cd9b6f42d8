package io.siprec.srs.delivery.jms;

import io.siprec.srs.delivery.EventJson;
import org.apache.activemq.artemis.api.core.Message;

/**
 * Names of the JMS message properties we set. The names are the contract with consumers: change one
 * only together with {@link #SCHEMA_VERSION}.
 */
public final class MessageProperties {
  private MessageProperties() {}

  /** Version of the message contract; on every message. */
  public static final int SCHEMA_VERSION = EventJson.SCHEMA_VERSION;

  public static final String SCHEMA = "srsSchemaVersion";

  /** String: the recording session. */
  public static final String SESSION_ID = "srsSessionId";

  /** String: the node (srs.node.id) that published the message; on every chunk and event. */
  public static final String NODE_ID = "srsNodeId";

  // --- audio chunks ---
  /** String: the stream's label (SDP a=label). */
  public static final String STREAM_LABEL = "srsStreamLabel";

  /** long: chunk number within the stream, from 0. */
  public static final String CHUNK_SEQUENCE = "srsChunkSeq";

  /** int: samples per second of the PCM body. */
  public static final String SAMPLE_RATE = "srsSampleRate";

  /** int: samples in this chunk. */
  public static final String SAMPLES = "srsSamples";

  /** long: position of the first sample on the stream's timeline, in samples. */
  public static final String START_SAMPLE = "srsStartSample";

  /** long: wall-clock capture time of the first sample, epoch milliseconds. */
  public static final String CAPTURE_TIME = "srsCaptureTime";

  /** String: body encoding, always "pcm_s16le" (16-bit signed little-endian, mono). */
  public static final String ENCODING = "srsEncoding";

  /** boolean: the stream's last chunk. */
  public static final String LAST_CHUNK = "srsLastChunk";

  /** String: id(s) of the participant(s) heard on the stream, comma-separated; "" when unknown. */
  public static final String PARTICIPANT_ID = "srsParticipantId";

  /** String: their address(es) of record, comma-separated, as the SRC wrote them. */
  public static final String PARTICIPANT_AOR = "srsParticipantAor";

  /** String: their display name(s), comma-separated. */
  public static final String PARTICIPANT_NAME = "srsParticipantName";

  /** String: caller, callee, mixed (several participants on one stream) or unknown. */
  public static final String PARTICIPANT_ROLE = "srsParticipantRole";

  /** long, when known: capture time of the first sample by the SRC's clock (RTCP), epoch ms. */
  public static final String SRC_CAPTURE_TIME = "srsSrcCaptureTime";

  /** int: 1 for a stream, 2 for the stereo mix (interleaved, left first). */
  public static final String CHANNELS = "srsChannels";

  /** String, mix only: label(s) of the stream(s) on the left channel, {@code ,}-joined. */
  public static final String LEFT_STREAMS = "srsLeftStreams";

  /** String, mix only: label(s) of the stream(s) on the right channel. */
  public static final String RIGHT_STREAMS = "srsRightStreams";

  /**
   * long: chunks of this stream dropped just before this one (backlog full, broker unreachable, or
   * lost with a broken connection).
   */
  public static final String CHUNKS_DROPPED_BEFORE = "srsChunksDroppedBefore";

  /**
   * String: Artemis' duplicate-detection id ({@code _AMQ_DUPL_ID}), stable for one message however
   * often it is sent: on every event and on a stream's last chunk, the two we send again after an
   * outage. The broker drops a copy whose id it has seen.
   */
  public static final String DUPLICATE_ID = Message.HDR_DUPLICATE_DETECTION_ID.toString();

  // --- events ---
  /** String: the event type, e.g. "session.started". */
  public static final String EVENT_TYPE = "srsEventType";

  public static final String PCM_S16LE = "pcm_s16le";
}
