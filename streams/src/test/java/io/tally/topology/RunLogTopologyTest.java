package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.FigureEvent;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Observation;
import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.reconcile.Reconciliation;
import io.tally.reconcile.ReconciliationStatus;
import io.tally.reconcile.ReconciliationTable;
import io.tally.runs.RunView;
import io.tally.runtime.TallyStreamsConfig;
import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Period;
import io.tally.scenario.Profile;
import io.tally.scenario.Qualifier;
import io.tally.scenario.Scenario;
import io.tally.scenario.Theme;
import io.tally.serde.RunLog;
import io.tally.serde.TallySerdes;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event model v2 through the real topology: a run declared in the run log is known with all its
 * figures before its first observation, its themes count exact figures against those declared, it
 * turns COMPLETE once its completion is known and every figure has counted its events, its days
 * close, ranges keep their upper bound, and a v1 log of the same run folds to the same totals.
 */
class RunLogTopologyTest {
  private static final Instant WALL_CLOCK = Instant.parse("2026-11-20T08:00:00Z");

  @TempDir Path stateDir;

  /** Two themes; the range figure "3 to 4 of every 10" is a gauge; "care" starts late. */
  static Scenario scenario() {
    LocalDateTime start = LocalDateTime.of(2022, 10, 24, 20, 0);
    Period campaign = new Period(start, start.plusDays(18));
    Period late = new Period(start.plusDays(10), start.plusDays(12));
    return new Scenario(
        "what-if",
        "A what-if report",
        "",
        "zh",
        "report.txt",
        ZoneId.of("Asia/Shanghai"),
        campaign,
        List.of(new Theme("jobs", "Jobs", ""), new Theme("care", "Care", "")),
        List.of(
            new Figure(
                "new-jobs",
                "jobs",
                "new_jobs",
                "New jobs",
                "jobs",
                Kind.COUNTER,
                Qualifier.MORE_THAN,
                new BigDecimal("1200"),
                null,
                campaign,
                Profile.UNIFORM,
                "新增就业岗位超过1200个"),
            new Figure(
                "fallen-elderly",
                "jobs",
                "fallen_per_10",
                "Elderly who have fallen, per 10",
                "people per 10",
                Kind.GAUGE,
                Qualifier.RANGE,
                new BigDecimal("3"),
                new BigDecimal("4"),
                campaign,
                Profile.UNIFORM,
                "每10位老人中有3至4位曾跌倒"),
            new Figure(
                "care-visits",
                "care",
                "care_visits",
                "Care visits",
                "visits",
                Kind.COUNTER,
                Qualifier.EXACT,
                new BigDecimal("50"),
                null,
                late,
                Profile.UNIFORM,
                "上门探访50次")),
        "test",
        "hash");
  }

  private static final class Pipeline implements AutoCloseable {
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> events;
    final TestInputTopic<String, byte[]> runs;
    final TestOutputTopic<String, MetricTotal> totals;
    final TestOutputTopic<String, ThemeTotal> themes;
    final TestOutputTopic<String, MetricDailyTotal> daily;
    final TestOutputTopic<String, RunStatus> status;
    final TestOutputTopic<String, byte[]> deadLetters;
    final RunLogIndex runLog = new RunLogIndex();

    Pipeline(Path stateDir) {
      var props =
          TallyStreamsConfig.defaults("localhost:9092", stateDir)
              .withReplicationFactor(1)
              .properties(TallyObserver.NOOP);
      driver =
          new TopologyTestDriver(
              TallyTopology.build(TopologyConfig.defaults(), TallyObserver.NOOP, runLog),
              props,
              WALL_CLOCK);
      var strings = new StringSerializer();
      var bytes = new ByteArraySerializer();
      events = driver.createInputTopic(Topics.FIGURE_EVENTS, strings, bytes);
      runs = driver.createInputTopic(Topics.RUNS, strings, bytes);
      var keys = new StringDeserializer();
      totals = driver.createOutputTopic(Topics.METRIC_TOTALS, keys, TallySerdes.metricTotal());
      themes = driver.createOutputTopic(Topics.THEME_TOTALS, keys, TallySerdes.themeTotal());
      daily =
          driver.createOutputTopic(
              Topics.METRIC_TOTALS_DAILY, keys, TallySerdes.metricDailyTotal());
      status = driver.createOutputTopic(Topics.RUN_STATUS, keys, TallySerdes.runStatus());
      deadLetters =
          driver.createOutputTopic(
              Topics.DEAD_LETTERS,
              keys,
              new org.apache.kafka.common.serialization.ByteArrayDeserializer());
    }

    void declare(Expander run) {
      for (FigureDeclaration f : run.figureDeclarations()) {
        runs.pipeInput(RunLog.figureKey(run.runId(), f.getIndex()), RunLog.encode(f), WALL_CLOCK);
      }
      runs.pipeInput(
          RunLog.declarationKey(run.runId()),
          RunLog.encode(run.declaration(WALL_CLOCK)),
          WALL_CLOCK);
    }

    void complete(Expander run, List<Observation> sent) {
      int[] perFigure = new int[run.figureCount()];
      long last = 0;
      for (Observation o : sent) {
        perFigure[o.getFigure()]++;
        last = Math.max(last, o.getEventTime().toEpochMilli());
      }
      runs.pipeInput(
          RunLog.completionKey(run.runId()),
          RunLog.encode(run.completion(perFigure, last, WALL_CLOCK)),
          WALL_CLOCK);
    }

    void observe(Expander run, List<Observation> observations) {
      Map<Integer, String> keys = new HashMap<>();
      run.figureDeclarations()
          .forEach(
              f ->
                  keys.put(
                      f.getIndex(), Keys.metric(f.getScenario(), f.getTheme(), f.getMetric())));
      for (Observation o : observations) {
        events.pipeInput(
            keys.get(o.getFigure()),
            TallySerdes.observation().serialize(Topics.FIGURE_EVENTS, o),
            WALL_CLOCK);
        driver.advanceWallClockTime(PendingKeys.INTERVAL);
      }
    }

    Declarations declarations() {
      return new Declarations(runLog);
    }

    Map<String, MetricTotal> latestTotals() {
      Map<String, MetricTotal> latest = new HashMap<>();
      totals.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
      return latest;
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  private static List<Observation> observations(Expander run) {
    List<Observation> all = new ArrayList<>();
    run.observations().forEachRemaining(all::add);
    return all;
  }

  @Test
  void aDeclaredRunIsKnownWithEveryFigureBeforeItsFirstEventAndCompletesAtTheEnd() {
    Expander run = new Expander(scenario(), new ExpansionOptions(3, 10, null));
    List<Observation> all = observations(run);
    try (Pipeline tally = new Pipeline(stateDir)) {
      tally.declare(run);
      Declarations declared = tally.declarations();
      assertThat(declared.figures(run.runId())).hasSize(3);
      Reconciliation.Result before =
          Reconciliation.reconcile(
              RunView.expected(declared, List.of()), key -> java.util.Optional.empty());
      assertThat(before.summary().figures()).isEqualTo(3);
      assertThat(before.summary().pending()).isEqualTo(3);
      assertThat(before.rows()).allSatisfy(r -> assertThat(r.eventsInFigure()).isPositive());
      assertThat(RunStates.evaluate(run.runId(), null, declared).getState())
          .isEqualTo(RunState.DECLARED);

      // Every event of the "jobs" figures, none of "care": the theme's figures are all seen and
      // exact, yet a third of the run's figures are not.
      List<Observation> jobs = all.stream().filter(o -> o.getFigure() < 2).toList();
      tally.observe(run, jobs);
      List<KeyValue<String, ThemeTotal>> themes = tally.themes.readKeyValuesToList();
      ThemeTotal jobsTheme = themes.get(themes.size() - 1).value;
      assertThat(jobsTheme.getFiguresDeclared()).isEqualTo(2);
      assertThat(jobsTheme.getFiguresComplete()).isEqualTo(2);
      assertThat(jobsTheme.getThemeLabel()).isEqualTo("Jobs");
      List<KeyValue<String, RunStatus>> states = tally.status.readKeyValuesToList();
      assertThat(states).extracting(kv -> kv.value.getState()).containsExactly(RunState.REPLAYING);
      assertThat(states.get(0).value.getFigures()).isEqualTo(3);

      // The rest, then the completion: COMPLETE on the next check of the run log.
      tally.observe(run, all.stream().filter(o -> o.getFigure() == 2).toList());
      tally.complete(run, all);
      assertThat(tally.status.readKeyValuesToList()).isEmpty();
      tally.driver.advanceWallClockTime(RunStatusProcessor.RECHECK.plusMillis(1));
      RunStatus complete = tally.status.readValue();
      assertThat(complete.getState()).isEqualTo(RunState.COMPLETE);
      assertThat(complete.getExact()).isEqualTo(3);
      assertThat(complete.getEventsCounted()).isEqualTo(all.size());

      // Ranges keep their upper bound; days are closed without waiting for stream time.
      Map<String, MetricTotal> totals = tally.latestTotals();
      MetricTotal range = totals.get("what-if/jobs/fallen_per_10");
      assertThat(range.getExpectedValue()).isEqualTo(3);
      assertThat(range.getExpectedUpper()).isEqualTo(4);
      assertThat(range.getSentence()).isEqualTo("每10位老人中有3至4位曾跌倒");
      Map<String, MetricDailyTotal> days = new HashMap<>();
      tally.daily.readKeyValuesToList().forEach(kv -> days.put(kv.key, kv.value));
      assertThat(days.values()).isNotEmpty().allMatch(MetricDailyTotal::getClosed);

      Reconciliation.Result after =
          Reconciliation.reconcile(
              RunView.expected(tally.declarations(), List.of()),
              key -> java.util.Optional.ofNullable(totals.get(key)));
      assertThat(after.summary().allExact()).isTrue();
      String table = ReconciliationTable.render(after);
      assertThat(table).contains("3-4");
      assertThat(after.rows())
          .allSatisfy(r -> assertThat(r.status()).isEqualTo(ReconciliationStatus.EXACT));
    }
  }

  @Test
  void aRunWithoutCompletionStaysReplayingAndANewerDeclarationSupersedesIt() {
    Expander first = new Expander(scenario(), new ExpansionOptions(3, 10, null));
    Expander second = new Expander(scenario(), new ExpansionOptions(4, 10, null));
    try (Pipeline tally = new Pipeline(stateDir)) {
      tally.declare(first);
      tally.observe(first, observations(first));
      tally.driver.advanceWallClockTime(Duration.ofSeconds(5));
      assertThat(tally.status.readValuesToList())
          .extracting(RunStatus::getState)
          .containsExactly(RunState.REPLAYING);

      tally.runs.pipeInput(
          RunLog.declarationKey(second.runId()),
          RunLog.encode(second.declaration(WALL_CLOCK.plusSeconds(60))),
          WALL_CLOCK);
      tally.driver.advanceWallClockTime(RunStatusProcessor.RECHECK.plusMillis(1));
      RunStatus superseded = tally.status.readValue();
      assertThat(superseded.getRunId()).isEqualTo(first.runId());
      assertThat(superseded.getState()).isEqualTo(RunState.SUPERSEDED);
      assertThat(superseded.getSupersededBy()).isEqualTo(second.runId());
    }
  }

  @Test
  void anObservationOfAnUndeclaredRunIsDeadLettered() {
    Expander run = new Expander(scenario(), new ExpansionOptions(3, 2, null));
    try (Pipeline tally = new Pipeline(stateDir)) {
      tally.observe(run, observations(run).subList(0, 2));
      assertThat(tally.deadLetters.readRecordsToList())
          .hasSize(2)
          .allSatisfy(
              r ->
                  assertThat(new String(r.headers().lastHeader("tally.dlq.reason").value()))
                      .isEqualTo("undeclared-figure"));
      assertThat(tally.totals.isEmpty()).isTrue();
    }
  }

  @Test
  void aV1LogOfTheSameRunFoldsToTheSameTotals() {
    Expander run = new Expander(scenario(), new ExpansionOptions(5, 20, null));
    Map<String, MetricTotal> v2;
    Map<String, MetricDailyTotal> v2Days = new HashMap<>();
    try (Pipeline tally = new Pipeline(stateDir.resolve("v2"))) {
      tally.declare(run);
      tally.observe(run, observations(run));
      v2 = tally.latestTotals();
      tally.daily.readKeyValuesToList().forEach(kv -> v2Days.put(kv.key, kv.value));
    }
    Map<String, MetricTotal> v1;
    Map<String, MetricDailyTotal> v1Days = new HashMap<>();
    try (Pipeline tally = new Pipeline(stateDir.resolve("v1"))) {
      // The v1 log: whole FigureEvents as the replay wrote them before the run log existed.
      List<FigureEvent> events = run.eventList();
      for (FigureEvent e : events) {
        tally.events.pipeInput(
            Keys.metric(e.getScenario(), e.getTheme(), e.getMetric()),
            TallySerdes.figureEvent().serialize(Topics.FIGURE_EVENTS, e),
            WALL_CLOCK);
      }
      // One interval: each day is published once, folded.
      tally.driver.advanceWallClockTime(PendingKeys.INTERVAL);
      v1 = tally.latestTotals();
      var published = tally.daily.readKeyValuesToList();
      published.forEach(kv -> v1Days.put(kv.key, kv.value));
      assertThat(published)
          .as("a day changed by many events in one interval is published once")
          .hasSize(v1Days.size())
          .hasSizeLessThan(events.size());
    }
    assertThat(v1.keySet()).isEqualTo(v2.keySet()).hasSize(3);
    for (String key : v1.keySet()) {
      assertThat(v1.get(key).getValue()).as(key).isEqualTo(v2.get(key).getValue());
      assertThat(v1.get(key).getEventsCounted()).as(key).isEqualTo(v2.get(key).getEventsCounted());
      assertThat(v1.get(key).getComplete()).as(key).isTrue();
    }
    assertThat(v1Days.keySet()).isEqualTo(v2Days.keySet());
    for (String key : v1Days.keySet()) {
      assertThat(v1Days.get(key).getValue()).as(key).isEqualTo(v2Days.get(key).getValue());
    }
  }
}
