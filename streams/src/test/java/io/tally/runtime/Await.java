package io.tally.runtime;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Test fixture: bounded waiting for something a running system does eventually. */
final class Await {
  private static final long POLL_MILLIS = 200;

  private Await() {}

  /**
   * Probes until {@code done} holds or the timeout passes.
   *
   * @return the probe that satisfied {@code done}
   * @throws AssertionError on timeout, with {@code describe} of the last probe
   */
  static <T> T until(
      String what,
      Duration timeout,
      Supplier<T> probe,
      Predicate<T> done,
      Function<T, String> describe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T last = probe.get();
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "not " + what + " within " + timeout + "; last seen: " + describe.apply(last));
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
