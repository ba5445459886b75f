/**
 * A real Apache Kafka broker (KRaft mode, one combined broker and controller node) for Tally's demo
 * and integration tests.
 *
 * <p>{@link io.tally.broker.EmbeddedKafkaBroker} runs the broker inside the calling JVM; {@link
 * io.tally.broker.BrokerProcess} runs it in a child JVM (through {@link
 * io.tally.broker.BrokerMain}) for tests that must stop, kill or restart a broker for real. Both
 * are configured by {@link io.tally.broker.BrokerOptions} and listen on 127.0.0.1 only.
 */
package io.tally.broker;
