package io.tally.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.Observation;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.avro.RunState;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.RunLog;
import io.tally.serde.TallySerdes;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class ReplayerTest {
  private static final String EVENTS = "events";
  private static final String RUNS = "runs";
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

  private static MockProducer<String, byte[]> mockProducer() {
    return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
  }

  private Replayer replayer(MockProducer<String, byte[]> producer, ProgressListener listener) {
    return new Replayer(producer, EVENTS, RUNS, new Pacing(Speed.MAX, 0), fakeClock, listener);
  }

  private static List<ProducerRecord<String, byte[]>> on(
      MockProducer<String, byte[]> producer, String topic) {
    return producer.history().stream().filter(r -> r.topic().equals(topic)).toList();
  }

  @Test
  void declaresTheRunThenSendsSlimObservationsThenCompletes() throws Exception {
    Expander expander = bundled();
    MockProducer<String, byte[]> producer = mockProducer();

    ReplaySummary summary = replayer(producer, ProgressListener.NONE).replay(expander);

    assertThat(summary.complete()).isTrue();
    assertThat(summary.events()).isEqualTo(expander.eventCount());
    List<ProducerRecord<String, byte[]>> all = producer.history();
    int figures = expander.figureCount();
    // DECLARED first, then the run log: every figure, then the run; the completion after the last
    // observation.
    assertThat(all.get(0).topic()).isEqualTo(Topics.RUN_STATUS);
    assertThat(TallySerdes.runStatus().deserialize(null, all.get(0).value()).getState())
        .isEqualTo(RunState.DECLARED);
    all = all.subList(1, all.size());
    for (int i = 0; i < figures; i++) {
      assertThat(all.get(i).topic()).isEqualTo(RUNS);
      assertThat(all.get(i).key()).isEqualTo(RunLog.figureKey(expander.runId(), i));
      FigureDeclaration f = (FigureDeclaration) RunLog.decode(RUNS, all.get(i).value());
      assertThat(f.getIndex()).isEqualTo(i);
      assertThat(f.getEvents()).isEqualTo(expander.eventCount(f.getFigureId()));
    }
    assertThat(all.get(figures).key()).isEqualTo(expander.runId());
    RunDeclaration run = (RunDeclaration) RunLog.decode(RUNS, all.get(figures).value());
    assertThat(run.getFigures()).isEqualTo(figures);
    assertThat(run.getEvents()).isEqualTo(expander.eventCount());
    ProducerRecord<String, byte[]> last = all.get(all.size() - 1);
    assertThat(last.key()).isEqualTo(RunLog.completionKey(expander.runId()));
    RunCompletion completion = (RunCompletion) RunLog.decode(RUNS, last.value());
    assertThat(completion.getEvents()).isEqualTo(expander.eventCount());

    List<ProducerRecord<String, byte[]>> events = on(producer, EVENTS);
    assertThat(events).hasSize((int) expander.eventCount());
    assertThat(all.subList(figures + 1, all.size() - 1)).isEqualTo(events);
    Map<Integer, String> keyOfFigure =
        expander.figureDeclarations().stream()
            .collect(
                Collectors.toMap(
                    FigureDeclaration::getIndex,
                    f -> Keys.metric(f.getScenario(), f.getTheme(), f.getMetric())));
    for (ProducerRecord<String, byte[]> r : events) {
      Observation e = TallySerdes.observation().deserialize(EVENTS, r.value());
      assertThat(r.key()).isEqualTo(keyOfFigure.get(e.getFigure()));
      assertThat(r.timestamp()).as("produce time, not event time").isNull();
      assertThat(r.headers().lastHeader(Replayer.PRODUCED_AT_HEADER).value()).hasSize(8);
      assertThat(completion.getEventsSent().get(e.getFigure())).isPositive();
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void observationsOfTheBundledScenarioAverageAtMostEightyBytes() throws Exception {
    Expander expander =
        new Expander(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults());
    MockProducer<String, byte[]> producer = mockProducer();
    replayer(producer, ProgressListener.NONE).replay(expander);
    double average =
        on(producer, EVENTS).stream().mapToInt(r -> r.value().length).average().orElseThrow();
    assertThat(average).isLessThanOrEqualTo(80.0);
  }

  @Test
  void pacedReplayWaitsBetweenEvents() throws Exception {
    Expander expander = bundled();
    Replayer replayer =
        new Replayer(
            mockProducer(),
            EVENTS,
            RUNS,
            new Pacing(new Speed(86_400_000), 500),
            fakeClock,
            ProgressListener.NONE);
    ReplaySummary summary = replayer.replay(expander);
    assertThat(summary.complete()).isTrue();
    assertThat(sleeps).isNotEmpty();
    assertThat(summary.duration().toMillis()).isPositive();
  }

  @Test
  void aStoppedReplayFlushesWhatItSentAndDoesNotComplete() throws Exception {
    Expander expander = bundled();
    MockProducer<String, byte[]> producer = mockProducer();
    Replayer[] holder = new Replayer[1];
    ProgressListener stopAfterTen =
        (sent, total, t) -> {
          if (sent == 10) {
            holder[0].stop();
          }
        };
    holder[0] = replayer(producer, stopAfterTen);
    ReplaySummary summary = holder[0].replay(expander);
    assertThat(summary.complete()).isFalse();
    assertThat(on(producer, EVENTS)).hasSize(10);
    assertThat(producer.flushed()).isTrue();
    List<SpecificRecord> runLog =
        on(producer, RUNS).stream().map(r -> RunLog.decode(RUNS, r.value())).toList();
    assertThat(runLog).noneMatch(RunCompletion.class::isInstance);
    assertThat(runLog).hasSize(expander.figureCount() + 1);
  }

  @Test
  void aRefusedEventFailsTheReplayWithTheCauseAndDoesNotComplete() throws Exception {
    Expander expander = bundled();
    MockProducer<String, byte[]> producer =
        new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    Replayer replayer =
        replayer(
            producer,
            (sent, total, t) -> {
              if (sent == 1) {
                producer.errorNext(new KafkaException("not authorized"));
              }
            });
    assertThatThrownBy(() -> replayer.replay(expander))
        .isInstanceOf(KafkaException.class)
        .hasMessageContaining("not authorized");
    assertThat(on(producer, RUNS))
        .noneMatch(r -> r.key().equals(RunLog.completionKey(expander.runId())));
  }
}
