package io.siprec.srs.consumer;

import jakarta.jms.ConnectionFactory;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * What an ASR team's first consumer looks like, built only from the contract: it writes every
 * stream of every session to {@code <out>/<session id>/<label>.wav} (gaps as silence, so each
 * file's timeline is the stream's) and prints each stream's level once a second.
 *
 * <pre>
 * BROKER_USER=srs-consumer BROKER_PASSWORD_FILE=target/srs-server/runtime/broker-consumer-password \
 *   java -jar target/srs-consumer/srs-consumer.jar tcp://127.0.0.1:61616 recordings/
 * </pre>
 *
 * Credentials come from the environment, so the password is not in the process list: {@code
 * BROKER_USER} and {@code BROKER_PASSWORD}, or {@code BROKER_PASSWORD_FILE} naming a file that
 * holds it (the SRS's generated {@code broker-consumer-password}, say); {@code [user password]}
 * after the directory still works, for a broker on a test machine.
 *
 * <p>Runs until stopped (Ctrl-C, SIGTERM), then finishes the files it has open.
 */
public final class ExampleConsumer implements SrsFeed.Listener {
  private final Path out;
  private final Map<SrsFeed.StreamKey, Wav> files = new ConcurrentHashMap<>();
  private final Map<SrsFeed.StreamKey, String> levels = new ConcurrentHashMap<>();

  ExampleConsumer(Path out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 && args.length != 4) {
      System.err.println(
          "usage: [BROKER_USER=.. BROKER_PASSWORD=..|BROKER_PASSWORD_FILE=..] srs-consumer"
              + " <broker url, e.g. tcp://127.0.0.1:61616> <output dir> [user password]");
      System.exit(2);
    }
    String url = args[0].contains("?") ? args[0] : args[0] + "?reconnectAttempts=-1";
    String[] login = credentials(args, System.getenv());
    ConnectionFactory factory = new ActiveMQConnectionFactory(url);
    ExampleConsumer consumer = new ExampleConsumer(Files.createDirectories(Path.of(args[1])));
    CountDownLatch stopped = new CountDownLatch(1);
    SrsFeed feed =
        login != null
            ? SrsFeed.open(
                factory,
                login[0],
                login[1],
                SrsFeed.DEFAULT_AUDIO_QUEUE,
                SrsFeed.DEFAULT_EVENTS_QUEUE,
                consumer)
            : SrsFeed.open(
                factory, SrsFeed.DEFAULT_AUDIO_QUEUE, SrsFeed.DEFAULT_EVENTS_QUEUE, consumer);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    feed.close();
                  } catch (Exception e) {
                    System.err.println("closing: " + e);
                  }
                  consumer.closeAll();
                  stopped.countDown();
                }));
    System.out.println("consuming from " + url + " into " + args[1]);
    while (stopped.getCount() > 0) {
      Thread.sleep(1000);
      consumer.printLevels();
    }
  }

  /**
   * User and password from the arguments, else the environment (the password itself, else the file
   * BROKER_PASSWORD_FILE names); null when neither gives a user.
   */
  static String[] credentials(String[] args, Map<String, String> env) throws IOException {
    if (args.length == 4) {
      return new String[] {args[2], args[3]};
    }
    String user = env.get("BROKER_USER");
    if (user == null || user.isEmpty()) {
      return null;
    }
    String password = env.get("BROKER_PASSWORD");
    String file = env.get("BROKER_PASSWORD_FILE");
    if ((password == null || password.isEmpty()) && file != null && !file.isEmpty()) {
      password = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    }
    return new String[] {user, password == null ? "" : password};
  }

  @Override
  public void sessionStarted(SrsFeed.SessionInfo s) {
    StringBuilder who = new StringBuilder();
    s.sendersByLabel()
        .forEach((label, ids) -> who.append(' ').append(label).append('=').append(ids));
    System.out.printf("started %s (%s):%s%n", s.sessionId(), s.srcVendor(), who);
  }

  @Override
  public void gap(SrsFeed.Gap gap) {
    if (gap.cause() == SrsFeed.GapCause.DROPPED) {
      System.out.printf(
          "gap in %s/%s at %d: %d frames, %d chunk(s) dropped by the SRS%n",
          gap.stream().sessionId(),
          gap.stream().label(),
          gap.fromSample(),
          gap.frames(),
          gap.chunksDropped());
    }
  }

  @Override
  public void audio(SrsFeed.Audio audio) {
    Wav wav =
        files.computeIfAbsent(
            audio.stream(),
            k ->
                Wav.create(
                    out.resolve(k.sessionId()).resolve(fileName(k.label())),
                    audio.sampleRate(),
                    audio.channels()));
    wav.write(audio.startSample(), audio.samples());
    levels.put(
        audio.stream(),
        String.format(Locale.ROOT, "%6.1f dBFS %s", dbfs(audio.samples()), audio.speaker().aor()));
    if (audio.last()) {
      files.remove(audio.stream()).close();
      levels.remove(audio.stream());
      System.out.printf(
          "stream %s/%s done: %d frames%n",
          audio.stream().sessionId(), audio.stream().label(), wav.frames);
    }
  }

  @Override
  public void sessionEnded(String sessionId, JsonObject json) {
    System.out.printf("ended %s (%s)%n", sessionId, json.getString("reason", ""));
  }

  void printLevels() {
    levels.forEach(
        (k, level) -> System.out.printf("level %s/%s %s%n", k.sessionId(), k.label(), level));
  }

  void closeAll() {
    files.values().forEach(Wav::close);
    files.clear();
  }

  /** A label as a file name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
  static String fileName(String label) {
    return label.replaceAll("[^A-Za-z0-9._-]", "_") + ".wav";
  }

  private static double dbfs(short[] samples) {
    if (samples.length == 0) {
      return -120;
    }
    double sum = 0;
    for (short s : samples) {
      sum += (double) s * s;
    }
    double rms = Math.sqrt(sum / samples.length) / 32768.0;
    return rms <= 0 ? -120 : 20 * Math.log10(rms);
  }

  /** A WAV file written at positions: silence for a jump, overlaps skipped, header set at close. */
  private static final class Wav {
    private final RandomAccessFile file;
    private final int channels;
    private final int sampleRate;
    private long frames;

    private Wav(RandomAccessFile file, int sampleRate, int channels) {
      this.file = file;
      this.sampleRate = sampleRate;
      this.channels = channels;
    }

    static Wav create(Path path, int sampleRate, int channels) {
      try {
        Files.createDirectories(path.getParent());
        RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw");
        f.setLength(0);
        Wav wav = new Wav(f, sampleRate, channels);
        wav.header();
        return wav;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized void write(long position, short[] samples) {
      try {
        int frameBytes = 2 * channels;
        long skip = Math.max(0, frames - position) * channels; // samples already written
        long end = position + samples.length / channels;
        if (end <= frames) {
          return;
        }
        file.seek(44 + Math.max(frames, position) * frameBytes); // a jump leaves zeros: silence
        byte[] bytes = new byte[(int) ((samples.length - skip) * 2)];
        for (int i = (int) skip, j = 0; i < samples.length; i++, j += 2) {
          bytes[j] = (byte) samples[i];
          bytes[j + 1] = (byte) (samples[i] >> 8);
        }
        file.write(bytes);
        frames = end;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    synchronized void close() {
      try {
        file.setLength(44 + frames * 2L * channels);
        header();
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void header() throws IOException {
      long data = frames * 2L * channels;
      file.seek(0);
      file.writeBytes("RIFF");
      file.writeInt(Integer.reverseBytes((int) (36 + data)));
      file.writeBytes("WAVEfmt ");
      file.writeInt(Integer.reverseBytes(16));
      file.writeShort(Short.reverseBytes((short) 1));
      file.writeShort(Short.reverseBytes((short) channels));
      file.writeInt(Integer.reverseBytes(sampleRate));
      file.writeInt(Integer.reverseBytes(sampleRate * channels * 2));
      file.writeShort(Short.reverseBytes((short) (channels * 2)));
      file.writeShort(Short.reverseBytes((short) 16));
      file.writeBytes("data");
      file.writeInt(Integer.reverseBytes((int) data));
    }
  }
}
