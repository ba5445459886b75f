package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The late-event gate on its own: Kafka's window-close rule, and stream time that persists. */
class DailyGateTest {
  private static final long GRACE = Duration.ofHours(6).toMillis();
  private static final long DAY1_NOON = local("2022-11-01T12:00:00Z");
  private KeyValueStore<String, Long> store;

  @BeforeEach
  void store() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("stream-time"), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  @Test
  void aWindowClosesWhenStreamTimeReachesItsEndPlusGrace() {
    DailyGate gate = new DailyGate(store, GRACE);
    assertThat(gate.admit(DAY1_NOON)).isTrue();
    // Stream time one millisecond before Nov 2 06:00: Nov 1 is still open.
    assertThat(gate.admit(local("2022-11-02T05:59:59.999Z"))).isTrue();
    assertThat(gate.admit(DAY1_NOON)).isTrue();
    // Stream time Nov 2 06:00: end of Nov 1 (Nov 2 00:00) <= 06:00 - 6 h, so Nov 1 is closed.
    assertThat(gate.admit(local("2022-11-02T06:00:00Z"))).isTrue();
    assertThat(gate.admit(local("2022-11-01T23:59:59.999Z"))).isFalse();
    assertThat(gate.admit(local("2022-11-02T00:00:00Z"))).isTrue();
  }

  @Test
  void streamTimeSurvivesARestartOfTheProcessor() {
    new DailyGate(store, GRACE).admit(local("2022-11-05T00:00:00Z"));

    DailyGate restarted = new DailyGate(store, GRACE);

    assertThat(restarted.admit(DAY1_NOON)).isFalse();
    assertThat(store.get(DailyGate.STREAM_TIME_KEY)).isEqualTo(local("2022-11-05T00:00:00Z"));
  }

  @Test
  void lateEventsDoNotMoveStreamTime() {
    DailyGate gate = new DailyGate(store, GRACE);
    gate.admit(local("2022-11-05T00:00:00Z"));
    gate.admit(DAY1_NOON);

    assertThat(store.get(DailyGate.STREAM_TIME_KEY)).isEqualTo(local("2022-11-05T00:00:00Z"));
  }

  /** A local timestamp written as if UTC, as LocalDays produces them. */
  private static long local(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }
}
