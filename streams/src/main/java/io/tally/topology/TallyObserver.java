package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import org.jspecify.annotations.Nullable;

/**
 * What the topology tells the outside world about each event, so that a metrics layer (Micrometer,
 * later) can count it without the topology importing any metrics library.
 *
 * <p><b>Threading.</b> Callbacks run on Kafka Streams stream threads, while a record is being
 * processed, and several threads may call the same observer at once: implementations must be
 * thread-safe, fast and non-blocking (increment a counter; never do I/O). An exception thrown by an
 * observer is logged and swallowed by the topology ({@link GuardedObserver}) so that a metrics bug
 * can never change what gets counted.
 *
 * <p><b>Delivery.</b> Under {@code exactly_once_v2} a transaction can abort and its records be
 * processed again, so a callback may fire more than once for one record: counts derived from
 * callbacks are at-least-once, while the totals in the output topics and stores are exactly once.
 *
 * <p>Every method has an empty default, so an implementation overrides only what it counts.
 */
public interface TallyObserver {

  /** An observer that ignores everything. */
  TallyObserver NOOP = new TallyObserver() {};

  /**
   * An event was counted in its metric's running total (not a duplicate, not dead-lettered).
   *
   * @param latencyMs wall-clock milliseconds since the producer stamped header {@code
   *     tally.produced-at}, or -1 when the record has no such header
   */
  default void eventCounted(FigureEvent event, long latencyMs) {}

  /** An event of the current run whose sequence number was already counted; it changed nothing. */
  default void duplicate(FigureEvent event) {}

  /**
   * An event arrived after its local day (plus grace) had closed: it went to {@code
   * tally.late-events} and counts in the running total only.
   */
  default void late(FigureEvent event) {}

  /**
   * A record went to {@code tally.dead-letters}.
   *
   * @param reason the value of header {@code tally.dlq.reason}, e.g. {@code undecodable}
   */
  default void deadLetter(String reason) {}

  /** A metric's totals were reset because an event of another run arrived. */
  default void superseded(String metricKey, String previousRunId, String newRunId) {}

  /**
   * A metric total left the record cache for {@code tally.metric-totals}: the latest total of its
   * key at this commit, once, however many events moved it. Together with a read of the store when
   * a task becomes active, this lets a reader keep the active totals in memory.
   *
   * @param partition the partition of the task that holds the key
   * @param total the total, or null when the key was deleted
   */
  default void totalPublished(int partition, String metricKey, @Nullable MetricTotal total) {}

  /**
   * A record of the run log {@code tally.runs} could not be read and was skipped.
   *
   * @param reason {@code undecodable} or {@code no-key}
   */
  default void runLogRecordIgnored(String reason) {}
}
