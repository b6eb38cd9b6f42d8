package io.siprec.srs.session;

import java.time.Duration;

/**
 * Sessions prepared whose answer is on its way to the SRC. A session goes live only once the SRC
 * has our 200; a shutdown that looked at the live sessions in between would neither refuse nor hang
 * up that one. So the drain closes the door here first and waits for the answers already going out,
 * then hangs up everything live.
 */
final class AnswersInFlight {
  private boolean closed;
  private int pending;

  /**
   * @return false once closed: the new session must be refused
   */
  synchronized boolean begin() {
    if (closed) {
      return false;
    }
    pending++;
    return true;
  }

  /** The answer was delivered (the session is live) or lost (it was abandoned). */
  synchronized void end() {
    pending--;
    notifyAll();
  }

  /**
   * Lets no new session in, and waits until every answer on its way has been delivered or lost.
   *
   * @return the answers still pending after {@code timeout} (0 normally)
   */
  synchronized int closeAndAwait(Duration timeout) throws InterruptedException {
    closed = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pending > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return pending;
  }
}
