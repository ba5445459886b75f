/**
 * The Kafka Streams topology of Tally: it reads {@code tally.figure-events}, dead-letters what it
 * cannot trust, folds the rest into running totals per metric, per theme and per local day of event
 * time, and publishes them to {@code tally.metric-totals}, {@code tally.theme-totals} and {@code
 * tally.metric-totals-daily}.
 *
 * <p>{@link io.tally.topology.TallyTopology} is a pure builder (no I/O, no metrics library, no
 * Streams properties); {@link io.tally.topology.TallyObserver} is how the metrics layer learns what
 * happened to each event. The Streams properties, the exception handlers and the RocksDB memory
 * bound that run it live in {@code io.tally.runtime}.
 */
package io.tally.topology;
