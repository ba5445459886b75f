package io.tally.topology;

import static io.tally.topology.FigureEvents.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricDailyTotal;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Daily totals per local day of event time, and late events. */
class DailyTotalsTest {
  private static final Figure SHANGHAI =
      Figure.counter("gmv_helping_farmers", 1000, 10).zone("Asia/Shanghai");

  @TempDir Path stateDir;

  @Test
  void localDaysInShanghaiSplitAtLocalMidnight() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 5, at("2022-11-10T23:30:00+08:00"));
      tally.send(SHANGHAI, 1, 7, at("2022-11-11T00:10:00+08:00"));

      Map<String, MetricDailyTotal> daily = tally.daily.readKeyValuesToMap();
      MetricDailyTotal tenth = daily.get(SHANGHAI.key() + "/2022-11-10");
      MetricDailyTotal eleventh = daily.get(SHANGHAI.key() + "/2022-11-11");
      assertThat(tenth.getDay()).isEqualTo(LocalDate.of(2022, 11, 10));
      assertThat(tenth.getValue()).isEqualTo(5);
      assertThat(tenth.getEvents()).isEqualTo(1);
      assertThat(eleventh.getDay()).isEqualTo(LocalDate.of(2022, 11, 11));
      assertThat(eleventh.getValue()).isEqualTo(7);
      assertThat(eleventh.getRunId()).isEqualTo(FigureEvents.RUN);
      assertThat(daily).hasSize(2);

      assertThat(dailyStore(tally, LocalDate.of(2022, 11, 10)).value()).isEqualTo(5);
      assertThat(dailyStore(tally, LocalDate.of(2022, 11, 11)).value()).isEqualTo(7);
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
      assertThat(header(late.headers(), TallyHeaders.LATE_REASON)).isEqualTo("window-closed");
      assertThat(header(late.headers(), TallyHeaders.LATE_DAY)).isEqualTo("2022-11-01");
      assertThat(tally.observer.late).hasSize(1);

      assertThat(tally.total(SHANGHAI.key()).getValue()).isEqualTo(15);
      assertThat(dailyStore(tally, LocalDate.of(2022, 11, 2)).value()).isEqualTo(8);
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
  void duplicatesDoNotReachTheDailyTotals() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 5, at("2022-11-10T08:00:00+08:00"));
      tally.send(SHANGHAI, 0, 5, at("2022-11-10T08:00:00+08:00"));

      assertThat(dailyStore(tally, LocalDate.of(2022, 11, 10)).value()).isEqualTo(5);
    }
  }

  @Test
  void aNewRunStartsItsDaysAfresh() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(SHANGHAI, 0, 5, at("2022-11-10T08:00:00+08:00"));
      tally.send(SHANGHAI.run("run-2"), 0, 5, at("2022-11-10T08:00:00+08:00"));

      DailyAggregate day = dailyStore(tally, LocalDate.of(2022, 11, 10));
      assertThat(day.value()).isEqualTo(5);
      assertThat(day.runId()).isEqualTo("run-2");
    }
  }

  private static DailyAggregate dailyStore(Driver tally, LocalDate day) {
    WindowStore<String, DailyAggregate> store =
        tally.driver.getWindowStore(TallyTopology.DAILY_TOTALS_STORE);
    return store.fetch(SHANGHAI.key(), day.toEpochDay() * LocalDays.DAY_MS);
  }

  private static java.time.Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }
}
