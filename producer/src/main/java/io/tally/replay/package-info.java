/**
 * The paced replay of a run's events into Kafka: pacing by event time, the event topic that never
 * expires, the producer's settings, progress and the summary.
 */
package io.tally.replay;
