package io.siprec.srs.testsupport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * A Jazzer fuzz test of ours, with our bounds in one place (src/test/resources/fuzz/README.md):
 *
 * <ul>
 *   <li>In a normal build (JAZZER_FUZZ unset) it runs once per regression input: the files of its
 *       {@code <Class>Inputs/<method>/} folder on the test class path, and the empty input.
 *   <li>With JAZZER_FUZZ=1 it fuzzes for {@code maxDuration} (2 minutes unless the fuzz profile's
 *       {@code -Dfuzz.seconds} says otherwise).
 *   <li>One input that runs longer than 10 s is a finding, not a blocked build: in a regression run
 *       JUnit fails that invocation (on a separate thread, so a busy loop cannot hold it); while
 *       fuzzing, Jazzer turns the same {@code @Timeout} into libFuzzer's {@code -timeout=10}, which
 *       stops the run and writes the input out. JUnit's own timeout is switched off while fuzzing
 *       (the pom's fuzz profile), because there the whole run is one JUnit invocation.
 * </ul>
 *
 * Seeds are files (see the README), not a {@code @MethodSource}: Jazzer wants its own argument
 * sources last, and the invocations of one listed before them would run before Jazzer has attached
 * its agent, so the first of them would pay for the attach inside its 10 s.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@FuzzTest(maxDuration = "2m")
@Timeout(
    value = FuzzTarget.MAX_SECONDS_PER_INPUT,
    unit = TimeUnit.SECONDS,
    threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public @interface FuzzTarget {
  /**
   * A hang detector, not a benchmark: one input takes milliseconds; shared CI machines are slow.
   */
  int MAX_SECONDS_PER_INPUT = 10;
}
