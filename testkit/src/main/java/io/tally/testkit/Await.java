package io.tally.testkit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Bounded waiting for something a running system does eventually, on Awaitility: no sleeps, no
 * hand-written polling loops, and a failure that says what was awaited and what was last seen.
 */
public final class Await {
  private static final Duration POLL = Duration.ofMillis(200);

  private Await() {}

  /** Awaitility, polling every {@code interval} from the start, giving up after {@code timeout}. */
  public static ConditionFactory poll(Duration timeout, Duration interval) {
    return Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(interval);
  }

  /** Awaitility, polling every 200 ms from the start, giving up after {@code timeout}. */
  public static ConditionFactory atMost(Duration timeout) {
    return poll(timeout, POLL);
  }

  /**
   * Probes until {@code done} holds or the timeout passes.
   *
   * @return the probe that satisfied {@code done}
   * @throws AssertionError on timeout, with {@code describe} of the last probe
   */
  public static <T> T until(
      String what,
      Duration timeout,
      Supplier<T> probe,
      Predicate<T> done,
      Function<T, String> describe) {
    AtomicReference<T> last = new AtomicReference<>();
    try {
      return atMost(timeout)
          .until(
              () -> {
                T seen = probe.get();
                last.set(seen);
                return seen;
              },
              done);
    } catch (ConditionTimeoutException e) {
      T seen = last.get();
      throw new AssertionError(
          "not "
              + what
              + " within "
              + timeout
              + "; last seen: "
              + (seen == null ? "nothing" : describe.apply(seen)),
          e);
    }
  }

  /**
   * Holds for {@code duration}, for a test that must show that something does <em>not</em> happen
   * (or a fault that must last): the one kind of wait that is not for a condition.
   */
  public static void hold(Duration duration) {
    Awaitility.await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
  }
}
