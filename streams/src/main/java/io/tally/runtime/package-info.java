/**
 * The running Streams application: its Streams properties ({@link
 * io.tally.runtime.TallyStreamsConfig}, with the exception handlers and the RocksDB memory bound
 * they name), topic creation, the {@code KafkaStreams} lifecycle, queries on the active tasks'
 * totals, and the service that wires Streams, metrics, the HTTP API and the cluster-wide queries
 * together.
 */
package io.tally.runtime;
