package io.siprec.srs.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  @Test
  void theSessionLimitHoldsAndAReleasedPlaceIsFreeAgain() {
    Admission admission = new Admission(2, 0, now::get);
    Admission.Ticket a = admission.tryAdmit();
    Admission.Ticket b = admission.tryAdmit();
    Admission.Ticket c = admission.tryAdmit();
    assertThat(a.admitted()).isTrue();
    assertThat(b.admitted()).isTrue();
    assertThat(c.admitted()).isFalse();
    assertThat(c.refusal()).isEqualTo(Admission.Refusal.TOO_MANY_SESSIONS);
    assertThat(admission.isFull()).isTrue();

    a.release();
    a.release(); // idempotent: the session and a failed request may both release it
    c.release(); // a refusal holds no place
    assertThat(admission.occupied()).isEqualTo(1);
    assertThat(admission.tryAdmit().admitted()).isTrue();
    assertThat(admission.refusedForCount()).isEqualTo(1);
  }

  @Test
  void newSessionsPerSecondAreATokenBucket() {
    Admission admission = new Admission(0, 5, now::get);
    int admitted = 0;
    for (int i = 0; i < 8; i++) {
      Admission.Ticket t = admission.tryAdmit();
      if (t.admitted()) {
        admitted++;
      } else {
        assertThat(t.refusal()).isEqualTo(Admission.Refusal.TOO_MANY_NEW_SESSIONS);
      }
    }
    assertThat(admitted).isEqualTo(5); // a burst of one second's worth
    assertThat(admission.occupied()).isEqualTo(5); // refused ones hold no place
    now.addAndGet(400_000_000L); // 0.4 s: two more tokens
    assertThat(admission.tryAdmit().admitted()).isTrue();
    assertThat(admission.tryAdmit().admitted()).isTrue();
    assertThat(admission.tryAdmit().admitted()).isFalse();
    assertThat(admission.refusedForRate()).isEqualTo(4);
  }

  @Test
  void racingRequestsNeverOvershootTheLimit() throws Exception {
    Admission admission = new Admission(50, 0, System::nanoTime);
    AtomicInteger admitted = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 1000; i++) {
                  if (admission.tryAdmit().admitted()) {
                    admitted.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(admitted.get()).isEqualTo(50);
    assertThat(admission.occupied()).isEqualTo(50);
  }

  @Test
  void zeroMeansNoLimit() {
    Admission admission = Admission.unlimited();
    for (int i = 0; i < 10_000; i++) {
      assertThat(admission.tryAdmit().admitted()).isTrue();
    }
    assertThat(admission.isFull()).isFalse();
  }
}
