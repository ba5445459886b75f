package io.tally.runtime;

import io.tally.http.HealthRoutes;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance should get traffic: Kafka Streams is RUNNING, no stream thread has failed
 * for {@link #FAILURE_HOLD} (a thread that dies on the same record again and again is replaced and
 * RUNNING in between: that is not ready), and the cluster has answered within {@link
 * #UNREACHABLE_LIMIT}. Reading it costs a few field reads; nothing here blocks.
 */
public final class Readiness {
  /** How long after a stream thread failed the instance stays not ready. */
  public static final Duration FAILURE_HOLD = Duration.ofMinutes(2);

  /** How long the cluster may go unanswered before the instance is not ready. */
  public static final Duration UNREACHABLE_LIMIT = Duration.ofSeconds(30);

  private final Supplier<KafkaStreams.State> state;
  private final LongSupplier nanoTime;
  private final long startedAt;
  private volatile long lastThreadFailure;
  private volatile boolean threadFailed;
  private volatile long lastClusterAnswer;

  public Readiness(Supplier<KafkaStreams.State> state) {
    this(state, System::nanoTime);
  }

  Readiness(Supplier<KafkaStreams.State> state, LongSupplier nanoTime) {
    this.state = state;
    this.nanoTime = nanoTime;
    this.startedAt = nanoTime.getAsLong();
    this.lastClusterAnswer = startedAt;
  }

  /** A stream thread died (and is being replaced). */
  public void threadFailed() {
    lastThreadFailure = nanoTime.getAsLong();
    threadFailed = true;
  }

  /** A broker of the cluster answered just now. */
  public void clusterAnswered() {
    lastClusterAnswer = nanoTime.getAsLong();
  }

  public HealthRoutes.Check check() {
    KafkaStreams.State now = state.get();
    long at = nanoTime.getAsLong();
    String streams = now.name();
    if (now != KafkaStreams.State.RUNNING) {
      return new HealthRoutes.Check(false, streams, "Kafka Streams is " + streams);
    }
    if (threadFailed && at - lastThreadFailure < FAILURE_HOLD.toNanos()) {
      long ago = Duration.ofNanos(at - lastThreadFailure).toSeconds();
      return new HealthRoutes.Check(
          false,
          streams,
          "a stream thread failed "
              + ago
              + " s ago; ready again "
              + FAILURE_HOLD.toSeconds()
              + " s after the last failure");
    }
    if (at - lastClusterAnswer > UNREACHABLE_LIMIT.toNanos()) {
      long ago = Duration.ofNanos(at - lastClusterAnswer).toSeconds();
      return new HealthRoutes.Check(false, streams, "no broker has answered for " + ago + " s");
    }
    return new HealthRoutes.Check(true, streams, "");
  }
}
