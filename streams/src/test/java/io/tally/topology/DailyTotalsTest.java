package io.tally.topology;

import static io.tally.topics.Headers.LATE_DAY;
import static io.tally.topics.Headers.LATE_REASON;
import static io.tally.topology.FigureEvents.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily totals per local day of event time, per run, and late events. */
class DailyTotalsTest {
  private static final Figure SHANGHAI =
      Figure.counter("gmv_helping_farmers", 1000, 10).zone("Asia/Shanghai");
  private static final LocalDate NOV_1 = LocalDate.of(2022, 11, 1);
  private static final LocalDate NOV_2 = LocalDate.of(2022, 11, 2);
  private static final LocalDate NOV_10 = LocalDate.of(2022, 11, 10);

  @TempDir Path stateDir;

  @Test
  void localDaysInShanghaiSplitAtLocalMidnight() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 5, at("2022-11-10T23:30:00+08:00"));
      tally.send(SHANGHAI, 1, 7, at("2022-11-11T00:10:00+08:00"));

      Map<String, MetricDailyTotal> daily = tally.daily.readKeyValuesToMap();
      MetricDailyTotal tenth = daily.get(SHANGHAI.key() + "/2022-11-10");
      MetricDailyTotal eleventh = daily.get(SHANGHAI.key() + "/2022-11-11");
      assertThat(tenth.getDay()).isEqualTo(NOV_10);
      assertThat(tenth.getValue()).isEqualTo(5);
      assertThat(tenth.getEvents()).isEqualTo(1);
      assertThat(eleventh.getDay()).isEqualTo(LocalDate.of(2022, 11, 11));
      assertThat(eleventh.getValue()).isEqualTo(7);
      assertThat(eleventh.getRunId()).isEqualTo(FigureEvents.RUN);
      assertThat(daily).hasSize(2);

      assertThat(tally.days(SHANGHAI.key()).values())
          .containsExactly(tenth, eleventh)
          .allSatisfy(day -> assertThat(day.getScenario()).isEqualTo(FigureEvents.SCENARIO));
    }
  }

  @Test
  void counterDaySumsItsDeltasAndGaugeDayKeepsItsLatestObservation() {
    Figure gauge = Figure.gauge("share", 40, 3).zone("Asia/Shanghai");
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 5, at("2022-11-10T08:00:00+08:00"));
      tally.send(SHANGHAI, 1, 6, at("2022-11-10T09:00:00+08:00"));
      tally.send(gauge, 1, 30, at("2022-11-10T12:00:00+08:00"));
      tally.send(gauge, 0, 20, at("2022-11-10T08:00:00+08:00"));

      Map<String, MetricDailyTotal> daily = tally.daily.readKeyValuesToMap();
      assertThat(daily.get(SHANGHAI.key() + "/2022-11-10").getValue()).isEqualTo(11);
      assertThat(daily.get(SHANGHAI.key() + "/2022-11-10").getEvents()).isEqualTo(2);
      assertThat(daily.get(gauge.key() + "/2022-11-10").getValue()).isEqualTo(30);
      assertThat(daily.get(gauge.key() + "/2022-11-10").getScale()).isEqualTo(1);
      assertThat(daily.get(gauge.key() + "/2022-11-10").getLastEventTime())
          .isEqualTo(at("2022-11-10T12:00:00+08:00"));
    }
  }

  @Test
  void gaugeDayBreaksEventTimeTiesByTheHigherSequenceWhateverTheArrivalOrder() {
    Figure gauge = Figure.gauge("share", 40, 4).zone("Asia/Shanghai");
    try (Driver tally = new Driver(stateDir)) {
      tally.send(gauge, 1, 10, at("2022-11-10T12:00:00+08:00"));
      tally.send(gauge, 0, 99, at("2022-11-10T12:00:00+08:00"));
      tally.send(gauge, 2, 20, at("2022-11-11T12:00:00+08:00"));
      tally.send(gauge, 3, 30, at("2022-11-11T12:00:00+08:00"));

      assertThat(tally.day(gauge.key(), NOV_10).getValue()).isEqualTo(10);
      assertThat(tally.day(gauge.key(), NOV_10.plusDays(1)).getValue()).isEqualTo(30);
      assertThat(tally.total(gauge.key()).getValue()).isEqualTo(30);
    }
  }

  @Test
  void lateEventGoesToLateEventsAndStillCountsInTheRunningTotal() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 1, at("2022-11-01T10:00:00+08:00"));
      // Stream time moves past the end of Nov 1 plus one day of grace.
      tally.send(SHANGHAI, 1, 2, at("2022-11-03T01:00:00+08:00"));
      tally.send(SHANGHAI, 2, 4, at("2022-11-01T12:00:00+08:00"));
      // Nov 2 is still within its grace period.
      tally.send(SHANGHAI, 3, 8, at("2022-11-02T12:00:00+08:00"));

      TestRecord<String, FigureEvent> late = tally.late.readRecord();
      assertThat(tally.late.isEmpty()).isTrue();
      assertThat(late.key()).isEqualTo(SHANGHAI.key());
      assertThat(late.value().getSequence()).isEqualTo(2);
      assertThat(header(late.headers(), LATE_REASON)).isEqualTo("window-closed");
      assertThat(header(late.headers(), LATE_DAY)).isEqualTo("2022-11-01");
      assertThat(tally.observer.late).hasSize(1);

      assertThat(tally.total(SHANGHAI.key()).getValue()).isEqualTo(15);
      assertThat(tally.day(SHANGHAI.key(), NOV_2).getValue()).isEqualTo(8);
      Map<String, MetricDailyTotal> daily = tally.daily.readKeyValuesToMap();
      assertThat(daily.get(SHANGHAI.key() + "/2022-11-01").getValue()).isEqualTo(1);
    }
  }

  @Test
  void graceIsConfigurable() {
    TopologyConfig noGrace = TopologyConfig.defaults().withDailyGrace(Duration.ZERO);
    try (Driver tally = new Driver(stateDir, noGrace)) {
      tally.send(SHANGHAI, 0, 1, at("2022-11-02T00:00:00+08:00"));
      tally.send(SHANGHAI, 1, 2, at("2022-11-01T23:59:59+08:00"));

      assertThat(tally.late.readValue().getSequence()).isEqualTo(1);
    }
  }

  @Test
  void aFigureIsLateOnlyAgainstItsOwnEvents() {
    Figure early = Figure.counter("net_new_merchants", 10, 1).zone("Asia/Shanghai");
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 1, at("2022-11-11T10:00:00+08:00"));
      // Days before Nov 10 are closed for SHANGHAI's run, not for another figure sharing the task.
      tally.send(early, 0, 10, at("2022-10-25T10:00:00+08:00"));

      assertThat(tally.late.isEmpty()).isTrue();
      assertThat(tally.day(early.key(), LocalDate.of(2022, 10, 25)).getValue()).isEqualTo(10);
    }
  }

  @Test
  void duplicatesOfTheRunNeverTouchTheDailyTotals() {
    List<FigureEvent> run = campaign(SHANGHAI);
    try (Driver tally = new Driver(stateDir)) {
      run.forEach(tally::send);
      Map<LocalDate, MetricDailyTotal> days = tally.days(SHANGHAI.key());
      tally.daily.readRecordsToList();

      // Replayed again with the same run id, days long closed included: all duplicates.
      run.forEach(tally::send);

      assertThat(tally.daily.isEmpty()).isTrue();
      assertThat(tally.late.isEmpty()).isTrue();
      assertThat(tally.days(SHANGHAI.key())).isEqualTo(days);
      assertThat(tally.observer.duplicates).hasSameSizeAs(run);
      assertThat(tally.total(SHANGHAI.key()).getValue()).isEqualTo(SHANGHAI.expected());
    }
  }

  @Test
  void aNewRunStartsItsDaysAfresh() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 5, at("2022-11-10T08:00:00+08:00"));
      tally.send(SHANGHAI.run("run-2"), 0, 5, at("2022-11-10T08:00:00+08:00"));

      MetricDailyTotal day = tally.day(SHANGHAI.key(), NOV_10);
      assertThat(day.getValue()).isEqualTo(5);
      assertThat(day.getEvents()).isEqualTo(1);
      assertThat(day.getRunId()).isEqualTo("run-2");
    }
  }

  @Test
  void aNewRunDropsTheDaysOfTheRunItReplaces() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 1, at("2022-11-01T10:00:00+08:00"));
      tally.send(SHANGHAI, 1, 2, at("2022-11-02T10:00:00+08:00"));
      tally.daily.readRecordsToList();

      tally.send(SHANGHAI.run("run-2"), 0, 4, at("2022-11-02T11:00:00+08:00"));

      assertThat(tally.days(SHANGHAI.key()).keySet()).containsExactly(NOV_2);
      assertThat(tally.day(SHANGHAI.key(), NOV_2).getValue()).isEqualTo(4);
      // A tombstone for the dropped day, then the new run's day.
      Map<String, MetricDailyTotal> published = tally.daily.readKeyValuesToMap();
      assertThat(published).containsEntry(SHANGHAI.key() + "/2022-11-01", null).hasSize(2);
      assertThat(published.get(SHANGHAI.key() + "/2022-11-02").getRunId()).isEqualTo("run-2");
    }
  }

  @Test
  void aSecondRunAfterACompleteFirstOneGetsTheSameDailyTotals() {
    Figure gauge = Figure.gauge("share", 350, 36).zone("Asia/Shanghai");
    Figure counter = Figure.counter("gmv_helping_farmers", 666, 36).zone("Asia/Shanghai");
    try (Driver tally = new Driver(stateDir)) {
      replay(tally, counter, gauge);
      Map<LocalDate, MetricDailyTotal> counterDays = tally.days(counter.key());
      Map<LocalDate, MetricDailyTotal> gaugeDays = tally.days(gauge.key());
      assertThat(counterDays).hasSize(18);
      assertThat(counterDays.values().stream().mapToLong(MetricDailyTotal::getValue).sum())
          .isEqualTo(666);

      replay(tally, counter.run("run-2"), gauge.run("run-2"));

      assertThat(tally.late.isEmpty()).isTrue();
      assertThat(tally.days(counter.key())).isEqualTo(ofRun("run-2", counterDays));
      assertThat(tally.days(gauge.key())).isEqualTo(ofRun("run-2", gaugeDays));
      assertThat(tally.total(counter.key()).getValue()).isEqualTo(666);
      assertThat(tally.total(counter.key()).getComplete()).isTrue();
      assertThat(tally.total(gauge.key()).getValue()).isEqualTo(350);
      assertThat(tally.total(gauge.key()).getRunId()).isEqualTo("run-2");
    }
  }

  /** Both figures' events interleaved in event-time order, as the replayer sends a run. */
  private static void replay(Driver tally, Figure counter, Figure gauge) {
    List<FigureEvent> counterEvents = campaign(counter);
    List<FigureEvent> gaugeEvents = campaign(gauge);
    for (int i = 0; i < counterEvents.size(); i++) {
      tally.send(counterEvents.get(i));
      tally.send(gaugeEvents.get(i));
    }
  }

  /**
   * Two events a day from Oct 25, 12 hours apart: a counter's deltas (the last one the rest of the
   * figure) sum to its figure, a gauge's last observation is its figure.
   */
  private static List<FigureEvent> campaign(Figure figure) {
    Instant start = at("2022-10-25T06:00:00+08:00");
    List<FigureEvent> events = new ArrayList<>();
    long sum = 0;
    for (int i = 0; i < figure.events(); i++) {
      long value = i + 1;
      if (i == figure.events() - 1) {
        value = figure.kind() == FigureKind.COUNTER ? figure.expected() - sum : figure.expected();
      }
      events.add(figure.event(i, value, start.plus(Duration.ofHours(12L * i))));
      sum += value;
    }
    return events;
  }

  private static Map<LocalDate, MetricDailyTotal> ofRun(
      String runId, Map<LocalDate, MetricDailyTotal> days) {
    Map<LocalDate, MetricDailyTotal> renamed = new TreeMap<>();
    days.forEach(
        (day, total) ->
            renamed.put(day, MetricDailyTotal.newBuilder(total).setRunId(runId).build()));
    return renamed;
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }
}
