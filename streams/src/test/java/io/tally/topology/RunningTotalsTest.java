package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.MetricTotal;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running totals per metric: one TopologyTestDriver test per behaviour. */
class RunningTotalsTest {
  private static final Instant T0 = Instant.parse("2022-11-01T00:00:00Z");

  @TempDir Path stateDir;
  private Driver tally;

  @BeforeEach
  void start() {
    tally = new Driver(stateDir);
  }

  @AfterEach
  void stop() {
    tally.close();
  }

  @Test
  void counterSumsDeltasExactly() {
    Figure merchants = Figure.counter("net_new_merchants", 1_200_000, 3);
    tally.send(merchants, 0, 400_001, T0);
    tally.send(merchants, 1, 399_999, T0.plusSeconds(60));
    tally.send(merchants, 2, 400_000, T0.plusSeconds(120));

    MetricTotal total = tally.total(merchants.key());
    assertThat(total.getValue()).isEqualTo(1_200_000);
    assertThat(total.getEventsCounted()).isEqualTo(3);
    assertThat(total.getComplete()).isTrue();
    assertThat(total.getLastEventTime()).isEqualTo(T0.plusSeconds(120));
    assertThat(total.getLabel()).isEqualTo("Label of net_new_merchants");
    List<TestRecord<String, MetricTotal>> published = tally.totals.readRecordsToList();
    assertThat(published).hasSize(3);
    assertThat(published).allSatisfy(r -> assertThat(r.key()).isEqualTo(merchants.key()));
    assertThat(published.get(2).value()).isEqualTo(total);
    assertThat(tally.observer.counted).hasSize(3);
  }

  @Test
  void incompleteCounterIsNotComplete() {
    Figure merchants = Figure.counter("net_new_merchants", 100, 2);
    tally.send(merchants, 0, 60, T0);

    assertThat(tally.total(merchants.key()).getComplete()).isFalse();
  }

  @Test
  void gaugeKeepsLatestObservationByEventTimeWhateverTheArrivalOrder() {
    Figure share = Figure.gauge("share_of_elderly_users", 355, 4);
    tally.send(share, 3, 355, T0.plusSeconds(300));
    tally.send(share, 0, 100, T0);
    tally.send(share, 2, 300, T0.plusSeconds(200));
    tally.send(share, 1, 200, T0.plusSeconds(100));

    MetricTotal total = tally.total(share.key());
    assertThat(total.getValue()).isEqualTo(355);
    assertThat(total.getLastEventTime()).isEqualTo(T0.plusSeconds(300));
    assertThat(total.getEventsCounted()).isEqualTo(4);
    assertThat(total.getComplete()).isTrue();
  }

  @Test
  void gaugeBreaksEventTimeTiesByTheHigherSequence() {
    Figure share = Figure.gauge("share_of_elderly_users", 355, 2);
    tally.send(share, 1, 355, T0);
    tally.send(share, 0, 999, T0);

    assertThat(tally.total(share.key()).getValue()).isEqualTo(355);
  }

  @Test
  void replayingTheSameRunTwiceChangesNoTotalAndCountsDuplicates() {
    Figure merchants = Figure.counter("net_new_merchants", 30, 3);
    for (int replay = 0; replay < 2; replay++) {
      tally.send(merchants, 0, 10, T0);
      tally.send(merchants, 1, 10, T0.plusSeconds(1));
      tally.send(merchants, 2, 10, T0.plusSeconds(2));
    }

    MetricTotal total = tally.total(merchants.key());
    assertThat(total.getValue()).isEqualTo(30);
    assertThat(total.getEventsCounted()).isEqualTo(3);
    assertThat(total.getDuplicates()).isEqualTo(3);
    assertThat(total.getComplete()).isTrue();
    assertThat(tally.observer.counted).hasSize(3);
    assertThat(tally.observer.duplicates).hasSize(3);
    assertThat(tally.daily.readValuesToList()).noneMatch(d -> d.getValue() > 30);
  }

  @Test
  void newRunIdResetsTheFigure() {
    Figure first = Figure.counter("net_new_merchants", 30, 3);
    tally.send(first, 0, 10, T0);
    tally.send(first, 1, 10, T0.plusSeconds(1));
    Figure second = first.run("run-2");
    tally.send(second, 0, 10, T0);

    MetricTotal total = tally.total(first.key());
    assertThat(total.getRunId()).isEqualTo("run-2");
    assertThat(total.getValue()).isEqualTo(10);
    assertThat(total.getEventsCounted()).isEqualTo(1);
    assertThat(total.getDuplicates()).isZero();
    assertThat(tally.observer.superseded).containsExactly(first.key() + ":run-1->run-2");
  }

  @Test
  void latencyIsMeasuredFromTheProducedAtHeader() {
    tally.send(Figure.counter("net_new_merchants", 30, 3), 0, 10, T0);

    // The driver stamps produced-at one second before its wall clock.
    assertThat(tally.observer.latencies).containsExactly(1000L);
  }
}
