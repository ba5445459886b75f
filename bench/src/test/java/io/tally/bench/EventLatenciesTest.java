package io.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLatenciesTest {
  @TempDir Path dir;

  @Test
  void eventsFoldedIntoOneTotalEachGetTheirOwnLatency() {
    EventLatencies seen = new EventLatencies();
    seen.produced("s/t/a", 1_000);
    seen.produced("s/t/a", 1_040);
    seen.produced("s/t/a", 1_090);
    // One commit lets out the total with all three counted: the first event waited longest.
    seen.counted("s/t/a", 3, 1_150);
    seen.shown("s/t/a", 3, 1_200);

    EventLatencies.Result result = seen.result(0);

    assertThat(result.toTotal()).containsExactly(60, 110, 150);
    assertThat(result.toMetrics()).containsExactly(110, 160, 200);
    assertThat(result.seen()).isEqualTo(3);
    assertThat(seen.complete(3)).isTrue();
  }

  @Test
  void anEventIsSeenWhenTheFirstTotalCountingItArrivesNotALaterOne() {
    EventLatencies seen = new EventLatencies();
    seen.produced("m", 0);
    seen.produced("m", 10);
    seen.counted("m", 1, 50);
    seen.counted("m", 1, 70); // the same count again: nothing new
    seen.counted("m", 2, 90);
    seen.counted("m", 1, 95); // an older total read late does not lower what was seen

    assertThat(seen.result(0).toTotal()).containsExactly(50, 80);
    assertThat(seen.complete(2)).as("not shown on /metrics yet").isFalse();
  }

  @Test
  void eventsProducedBeforeTheCutAreLeftOutAndMetricsAreApart() {
    EventLatencies seen = new EventLatencies();
    seen.produced("a", 100);
    seen.produced("b", 150);
    seen.produced("a", 300);
    seen.counted("a", 2, 400);
    seen.counted("b", 1, 420);

    EventLatencies.Result result = seen.result(200);

    assertThat(result.toTotal()).containsExactly(100);
    assertThat(result.toMetrics()).isEmpty();
    assertThat(result.seen()).isEqualTo(3);
  }

  @Test
  void percentilesAreRanksOfTheSortedLatencies() {
    long[] sorted = {10, 20, 30, 40};
    assertThat(EventLatencies.Result.percentile(sorted, 50)).isEqualTo(20);
    assertThat(EventLatencies.Result.percentile(sorted, 99)).isEqualTo(40);
    assertThat(EventLatencies.Result.percentile(sorted, 100)).isEqualTo(40);
    assertThat(EventLatencies.Result.percentile(new long[0], 99)).isNaN();
  }

  @Test
  void csvListsEveryCountedEventInProduceOrder() throws Exception {
    EventLatencies seen = new EventLatencies();
    seen.produced("b", 20);
    seen.produced("a", 10);
    seen.counted("a", 1, 60);
    seen.counted("b", 1, 70);
    seen.shown("b", 1, 90);
    Path csv = dir.resolve("latency.csv");

    seen.writeCsv(csv);

    assertThat(Files.readAllLines(csv))
        .containsExactly(
            "metric_event,produced_at_ms,to_total_ms,to_metrics_ms", "a#1,10,50,", "b#1,20,50,70");
  }
}
