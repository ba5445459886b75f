/**
 * The running Streams application: topic creation, the {@code KafkaStreams} lifecycle, queries on
 * the active tasks' totals, and the service that wires Streams, metrics, the HTTP API and the
 * cluster-wide queries together.
 */
package io.tally.runtime;
