/**
 * {@code tally bench}: Tally's replay and streams app measured against Kafka's own perf tools
 * (ProducerPerformance, ConsumerPerformance) on one embedded broker in one run, with end-to-end
 * latency, the {@code /metrics} scrape, memory, and growth with the scenario's size. Every measured
 * program runs in a child JVM ({@link io.tally.bench.ReplayMain}, {@link
 * io.tally.bench.StreamsMain} and the tools); {@link io.tally.bench.Bench} orchestrates and {@link
 * io.tally.bench.BenchReport} holds the results.
 */
package io.tally.bench;
