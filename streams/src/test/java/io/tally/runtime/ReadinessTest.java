package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final AtomicReference<KafkaStreams.State> state =
      new AtomicReference<>(KafkaStreams.State.REBALANCING);
  private final Readiness readiness = new Readiness(state::get, clock::get);

  private void advance(Duration d) {
    clock.addAndGet(d.toNanos());
  }

  @Test
  void readyOnlyWhileRunning() {
    assertThat(readiness.check().ready()).isFalse();
    assertThat(readiness.check().reason()).isEqualTo("Kafka Streams is REBALANCING");
    state.set(KafkaStreams.State.RUNNING);
    assertThat(readiness.check().ready()).isTrue();
  }

  @Test
  void notReadyForAWhileAfterAStreamThreadFailedEvenWhenRunningAgain() {
    state.set(KafkaStreams.State.RUNNING);
    readiness.threadFailed();
    advance(Duration.ofSeconds(50));
    readiness.clusterAnswered();
    assertThat(readiness.check().ready()).isFalse();
    assertThat(readiness.check().reason()).startsWith("a stream thread failed 50 s ago");
    readiness.threadFailed(); // the same record again: the hold starts over
    advance(Readiness.FAILURE_HOLD.minusSeconds(1));
    readiness.clusterAnswered();
    assertThat(readiness.check().ready()).isFalse();
    advance(Duration.ofSeconds(2));
    assertThat(readiness.check().ready()).isTrue();
  }

  @Test
  void notReadyWhenTheClusterHasNotAnsweredForLongerThanTheLimit() {
    state.set(KafkaStreams.State.RUNNING);
    advance(Readiness.UNREACHABLE_LIMIT);
    assertThat(readiness.check().ready()).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(readiness.check().ready()).isFalse();
    assertThat(readiness.check().reason()).isEqualTo("no broker has answered for 31 s");
    readiness.clusterAnswered();
    assertThat(readiness.check().ready()).isTrue();
  }
}
