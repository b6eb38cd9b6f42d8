package io.siprec.srs.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
  void aSpentGaugeRefusesNewSessionsWithoutTakingAPlaceAndHeadroomBackAdmitsAgain() {
    Admission admission = new Admission(10, 0, now::get);
    AtomicReference<Double> busy = new AtomicReference<>(0.2);
    admission.watch(
        List.of(
            HeadroomGauge.of("backlog", 0.5, () -> 0.1),
            HeadroomGauge.of("receive", 0.85, busy::get)));
    assertThat(admission.tryAdmit().admitted()).isTrue();

    busy.set(0.85); // at the limit is spent
    Admission.Ticket refused = admission.tryAdmit();
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.refusal()).isEqualTo(Admission.Refusal.NO_HEADROOM);
    assertThat(refused.refusal().reason()).isEqualTo("Server at capacity");
    assertThat(refused.spent()).isEqualTo(new HeadroomGauge.Spent("receive", 0.85, 0.85));
    assertThat(refused.spent().describe()).isEqualTo("receive 0.85 at or above 0.85");
    assertThat(admission.spentHeadroom()).isNotNull();
    assertThat(admission.tryAdmit().admitted()).isFalse();
    refused.release(); // a refusal holds no place
    assertThat(admission.occupied()).isEqualTo(1);
    assertThat(admission.refusedForHeadroom()).containsExactly(Map.entry("receive", 2L));
    assertThat(admission.refusedForCount()).isZero();
    assertThat(admission.isFull()).as("the count is not what refused").isFalse();

    busy.set(0.84);
    assertThat(admission.spentHeadroom()).isNull();
    assertThat(admission.tryAdmit().admitted()).isTrue();
    assertThat(admission.occupied()).isEqualTo(2);
  }

  @Test
  void aFullServerSaysSoBeforeItsGauges() {
    Admission admission = new Admission(1, 0, now::get);
    admission.watch(List.of(HeadroomGauge.of("receive", 0.5, () -> 0.9)));
    Admission.Ticket t = admission.tryAdmit();
    assertThat(t.refusal()).isEqualTo(Admission.Refusal.NO_HEADROOM);
    admission.watch(List.of());
    assertThat(admission.tryAdmit().admitted()).isTrue();
    admission.watch(List.of(HeadroomGauge.of("receive", 0.5, () -> 0.9)));
    Admission.Ticket full = admission.tryAdmit();
    assertThat(full.refusal()).isEqualTo(Admission.Refusal.TOO_MANY_SESSIONS);
    assertThat(full.spent()).isNull();
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
