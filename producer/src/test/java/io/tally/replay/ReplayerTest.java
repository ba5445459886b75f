package io.tally.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.avro.FigureEvent;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.TallySerdes;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ReplayerTest {
  private final List<Long> sleeps = new ArrayList<>();
  private long fakeNanos;
  private final Replayer.WallClock fakeClock =
      new Replayer.WallClock() {
        @Override
        public long nanoTime() {
          return fakeNanos;
        }

        @Override
        public void sleepMillis(long millis) {
          sleeps.add(millis);
          fakeNanos += millis * 1_000_000L;
        }
      };

  private static Expander bundled() throws Exception {
    return new Expander(ScenarioLoader.load("double11-2022"), new ExpansionOptions(7, 5, null));
  }

  private static MockProducer<String, FigureEvent> mockProducer() {
    return new MockProducer<>(true, null, new StringSerializer(), TallySerdes.figureEvent());
  }

  @Test
  void sendsEveryEventKeyedByMetricWithProduceTimeHeader() throws Exception {
    Expander expander = bundled();
    MockProducer<String, FigureEvent> producer = mockProducer();
    Replayer replayer =
        new Replayer(
            producer, "events", new Pacing(Speed.MAX, 0), fakeClock, ProgressListener.NONE);

    ReplaySummary summary =
        replayer.replay(expander.runId(), expander.events(), expander.eventCount());

    assertThat(summary.complete()).isTrue();
    assertThat(summary.events()).isEqualTo(expander.eventCount());
    List<ProducerRecord<String, FigureEvent>> sent = producer.history();
    assertThat(sent).hasSize((int) expander.eventCount());
    for (ProducerRecord<String, FigureEvent> r : sent) {
      FigureEvent e = r.value();
      assertThat(r.key()).isEqualTo(e.getScenario() + "/" + e.getTheme() + "/" + e.getMetric());
      assertThat(r.timestamp()).as("produce time, not event time").isNull();
      assertThat(r.headers().lastHeader(Replayer.PRODUCED_AT_HEADER).value()).hasSize(8);
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void pacedReplayWaitsBetweenEvents() throws Exception {
    Expander expander = bundled();
    Replayer replayer =
        new Replayer(
            mockProducer(),
            "events",
            new Pacing(new Speed(86_400_000), 500),
            fakeClock,
            ProgressListener.NONE);
    ReplaySummary summary =
        replayer.replay(expander.runId(), expander.events(), expander.eventCount());
    assertThat(summary.complete()).isTrue();
    assertThat(sleeps).isNotEmpty();
    assertThat(summary.duration().toMillis()).isPositive();
  }

  @Test
  void stopEndsTheReplayEarlyAndFlushes() throws Exception {
    Expander expander = bundled();
    MockProducer<String, FigureEvent> producer = mockProducer();
    Replayer[] holder = new Replayer[1];
    ProgressListener stopAfterTen =
        (sent, total, t) -> {
          if (sent == 10) {
            holder[0].stop();
          }
        };
    holder[0] = new Replayer(producer, "events", new Pacing(Speed.MAX, 0), fakeClock, stopAfterTen);
    ReplaySummary summary =
        holder[0].replay(expander.runId(), expander.events(), expander.eventCount());
    assertThat(summary.complete()).isFalse();
    assertThat(producer.history()).hasSize(10);
    assertThat(producer.flushed()).isTrue();
  }

  @Test
  void aRefusedEventFailsTheReplayWithTheCause() throws Exception {
    Expander expander = bundled();
    MockProducer<String, FigureEvent> producer =
        new MockProducer<>(false, null, new StringSerializer(), TallySerdes.figureEvent());
    Replayer replayer =
        new Replayer(
            producer,
            "events",
            new Pacing(Speed.MAX, 0),
            fakeClock,
            (sent, total, t) -> {
              if (sent == 1) {
                producer.errorNext(new KafkaException("not authorized"));
              }
            });
    assertThatThrownBy(
            () -> replayer.replay(expander.runId(), expander.events(), expander.eventCount()))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("not authorized");
  }
}
