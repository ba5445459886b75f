package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.ThemeTotal;
import io.tally.topics.Keys;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the names of stores, internal topics and sink topics. Renaming any of them orphans a
 * changelog (state silently rebuilt from nothing) or a repartition topic: if this test fails, the
 * change needs a migration plan, not a new expected value.
 */
class TallyTopologyDescribeTest {
  private static final TopologyDescription DESCRIPTION =
      TallyTopology.build(TopologyConfig.defaults(), TallyObserver.NOOP).describe();

  private static final Instant T0 = Instant.parse("2022-11-01T00:00:00Z");

  @TempDir Path stateDir;

  @Test
  void storeNamesArePinned() {
    Set<String> stores = new TreeSet<>();
    nodes()
        .forEach(
            n -> {
              if (n instanceof TopologyDescription.Processor p) {
                stores.addAll(p.stores());
              }
            });
    assertThat(stores)
        .containsExactly(
            "tally-daily-gauge-sequence",
            "tally-daily-pending",
            "tally-metric-state",
            "tally-metric-totals",
            "tally-metric-totals-daily",
            "tally-run-partials-sent",
            "tally-run-status",
            "tally-run-sums",
            "tally-theme-partials-sent",
            "tally-theme-sums");
  }

  @Test
  void theRunLogIsAGlobalStore() {
    var globals =
        TallyTopology.build(TopologyConfig.defaults(), TallyObserver.NOOP)
            .describe()
            .globalStores();
    assertThat(globals).hasSize(1);
    var global = globals.iterator().next();
    assertThat(global.source().topicSet()).containsExactly("tally.runs");
    assertThat(global.processor().stores()).containsExactly("tally-runs");
  }

  @Test
  void sourceAndSinkTopicsArePinned() {
    Set<String> sources = new TreeSet<>();
    Set<String> sinks = new TreeSet<>();
    nodes()
        .forEach(
            n -> {
              if (n instanceof TopologyDescription.Source s) {
                sources.addAll(s.topicSet());
              } else if (n instanceof TopologyDescription.Sink s) {
                sinks.add(s.topic());
              }
            });
    assertThat(sources)
        .containsExactly(
            "tally-run-changes-repartition",
            "tally-theme-changes-repartition",
            "tally.figure-events");
    assertThat(sinks)
        .containsExactly(
            "tally-run-changes-repartition",
            "tally-theme-changes-repartition",
            "tally.dead-letters",
            "tally.late-events",
            "tally.metric-totals",
            "tally.metric-totals-daily",
            "tally.run-status",
            "tally.theme-totals");
  }

  @Test
  void statefulProcessorNamesArePinned() {
    Set<String> names = new TreeSet<>();
    nodes().forEach(n -> names.add(n.name()));
    assertThat(names)
        .contains(
            "tally-source",
            "tally-validate",
            "tally-totals",
            "tally-metric-totals-table",
            "tally-theme-partials",
            "tally-theme-aggregate",
            "tally-run-partials",
            "tally-run-aggregate",
            "tally-run-status",
            "tally-daily");
    assertThat(names).allMatch(name -> name.startsWith("tally-"), "every node is named");
  }

  @Test
  void internalTopicsWrittenAtRuntimeArePinned() {
    try (Driver tally = new Driver(stateDir)) {
      tally.send(Figure.counter("net_new_merchants", 10, 1), 0, 10, T0);
      tally.send(Figure.gauge("share", 10, 1), 0, 10, T0);
      assertThat(new TreeSet<>(tally.driver.producedTopicNames()))
          .containsExactly(
              "tally-streams-tally-daily-gauge-sequence-changelog",
              "tally-streams-tally-daily-pending-changelog",
              "tally-streams-tally-metric-state-changelog",
              "tally-streams-tally-metric-totals-changelog",
              "tally-streams-tally-metric-totals-daily-changelog",
              "tally-streams-tally-run-changes-repartition",
              "tally-streams-tally-run-partials-sent-changelog",
              "tally-streams-tally-run-status-changelog",
              "tally-streams-tally-run-sums-changelog",
              "tally-streams-tally-theme-changes-repartition",
              "tally-streams-tally-theme-partials-sent-changelog",
              "tally-streams-tally-theme-sums-changelog",
              "tally.metric-totals",
              "tally.metric-totals-daily",
              "tally.run-status",
              "tally.theme-totals");
    }
  }

  @Test
  void queryableStoresHoldTheirPublishedTypes() {
    Figure merchants = Figure.counter("net_new_merchants", 10, 1);
    try (Driver tally = new Driver(stateDir)) {
      tally.send(merchants, 0, 10, T0);

      assertThat(
              tally.driver.getKeyValueStore(TallyTopology.METRIC_TOTALS_STORE).get(merchants.key()))
          .isInstanceOf(MetricTotal.class);
      assertThat(
              tally
                  .driver
                  .getKeyValueStore(TallyTopology.THEME_TOTALS_STORE)
                  .get(Keys.theme(FigureEvents.SCENARIO, merchants.theme())))
          .isInstanceOf(ThemeTotal.class);
      assertThat(
              tally
                  .driver
                  .getKeyValueStore(TallyTopology.DAILY_TOTALS_STORE)
                  .get(merchants.key() + "/2022-11-01"))
          .isInstanceOf(MetricDailyTotal.class);
    }
  }

  private static java.util.stream.Stream<TopologyDescription.Node> nodes() {
    return DESCRIPTION.subtopologies().stream().flatMap(s -> s.nodes().stream());
  }
}
