/**
 * The reliability suite: each {@code *IT} runs Tally's real processes (a Kafka broker, {@code tally
 * streams}, {@code tally replay}) as child JVMs against a real broker, injects a fault for real
 * (kill -9, SIGTERM, a deleted state directory, a replay sent again) and then audits every topic as
 * a {@code read_committed} consumer sees it: no event lost, none counted twice, no partial update.
 */
package io.tally.reliability;
