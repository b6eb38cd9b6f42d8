package io.siprec.srs.media.rtp;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receive thread: a selector over many streams' sockets. Every stream is confined to one loop,
 * so its state needs no locks; other threads reach it only through {@link #execute}, which runs the
 * task on this thread between two rounds of reading.
 */
final class RtpReceiveLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RtpReceiveLoop.class);

  /** Datagrams read from one socket per round, so one busy stream cannot starve the others. */
  private static final int MAX_READS_PER_ROUND = 32;

  /**
   * Larger than any RTP packet on an Ethernet path; a datagram filling it is counted as malformed.
   */
  static final int BUFFER_BYTES = 4096;

  private final Selector selector;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private final Thread thread;
  private volatile boolean running = true;
  private long roundNanos;
  private long roundMillis;

  /** When this wake-up's first ready socket was read; 0 while the loop waits in select. */
  private long wokeNanos;

  /**
   * Time spent reading and processing since start, from the first ready socket of each wake-up to
   * the end of its round: what a saturated loop has none left of (the busy share is a headroom
   * gauge). Written by the loop thread once per wake-up, read by others.
   */
  private volatile long busyNanos;

  RtpReceiveLoop(String name) throws IOException {
    this.selector = Selector.open();
    this.thread = new Thread(this, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Runs the task on the loop thread, soon. */
  void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /** Nanoseconds this loop has spent busy since it started (see {@link #busyNanos}). */
  long busyNanos() {
    return busyNanos;
  }

  boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** What reads one socket's datagrams, on the loop thread. */
  interface Reader {
    /**
     * @param datagram borrowed: valid only during the call
     * @param truncated the datagram filled the buffer: it was longer than any RTP packet should be
     */
    void onDatagram(
        ByteBuffer datagram, SocketAddress from, long nowNanos, long nowMillis, boolean truncated);

    void socketError(IOException e);
  }

  /** Must run on the loop thread. */
  SelectionKey register(DatagramChannel channel, Reader reader) throws ClosedChannelException {
    return channel.register(selector, SelectionKey.OP_READ, reader);
  }

  void stop() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.debug("closing selector", e);
    }
  }

  @Override
  public void run() {
    while (running) {
      try {
        selector.select(this::readReady, 1000);
        runTasks();
        if (wokeNanos != 0) {
          busyNanos += System.nanoTime() - wokeNanos;
          wokeNanos = 0;
        }
      } catch (IOException | RuntimeException e) {
        // One bad socket or stream must not end reception for every other stream.
        LOG.error("RTP receive loop error", e);
      }
    }
    runTasks();
  }

  private void readReady(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    DatagramChannel channel = (DatagramChannel) key.channel();
    Reader receiver = (Reader) key.attachment();
    roundNanos = System.nanoTime();
    roundMillis = System.currentTimeMillis();
    if (wokeNanos == 0) {
      wokeNanos = roundNanos;
    }
    for (int i = 0; i < MAX_READS_PER_ROUND; i++) {
      buffer.clear();
      SocketAddress from;
      try {
        from = channel.receive(buffer);
      } catch (IOException e) {
        receiver.socketError(e);
        return;
      }
      if (from == null) {
        return;
      }
      buffer.flip();
      receiver.onDatagram(buffer, from, roundNanos, roundMillis, buffer.limit() == BUFFER_BYTES);
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("RTP loop task failed", e);
      }
    }
  }
}
