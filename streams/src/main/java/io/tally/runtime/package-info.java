/**
 * The running Streams application: topic creation, the {@code KafkaStreams} lifecycle and queries
 * on the active tasks' totals.
 */
package io.tally.runtime;
