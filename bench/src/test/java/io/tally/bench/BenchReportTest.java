package io.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.bench.BenchReport.Latency;
import io.tally.bench.BenchReport.Pair;
import io.tally.bench.BenchReport.RecordSize;
import io.tally.bench.BenchReport.SizeResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static final RecordSize RECORD = new RecordSize(37, 255, 288);

  private static SizeResult size(long events, List<Pair> produce, List<Pair> aggregate) {
    // Tally's streams at a quarter of the bare Streams app in every round.
    List<Pair> versusBare =
        aggregate.stream()
            .map(p -> new Pair(p.round(), p.toolFirst(), p.tallyRate() * 4, p.tallyRate()))
            .toList();
    return new SizeResult(
        events,
        10,
        produce,
        aggregate,
        versusBare,
        65.0,
        12.0,
        900L << 20,
        140L << 20,
        40.0,
        60.0,
        6_800_000,
        30.0,
        900_000,
        25.0,
        35.0);
  }

  @Test
  void headlineRatiosAreGeometricMeansOfTheRoundsAtTheHeadlineSize() throws Exception {
    BenchReport report =
        new BenchReport(
            false,
            10_000,
            RECORD,
            List.of(
                size(
                    100_000,
                    List.of(new Pair(1, true, 100, 50)),
                    List.of(new Pair(1, true, 10, 1))),
                size(
                    1_000_000,
                    List.of(new Pair(1, false, 100, 200), new Pair(2, true, 100, 50)),
                    List.of(new Pair(1, false, 1000, 20), new Pair(2, true, 1000, 20)))),
            1_000_000,
            new Latency(1000, 30_000, 24_000, 120, 240, 300, 80, 200, 260, 50, 20_000, 0.01, 0.02),
            Duration.ofMinutes(12));

    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.path("producer_ratio").asDouble()).isEqualTo(1.0);
    assertThat(json.path("streams_ratio").asDouble()).isEqualTo(0.02);
    assertThat(json.path("streams_vs_bare_ratio").asDouble()).isEqualTo(0.25);
    assertThat(json.path("e2e_latency_p99_ms").asDouble()).isEqualTo(240);
    assertThat(json.path("latency").path("paced_warm_up_ms").asLong()).isEqualTo(20_000);
    assertThat(json.path("latency").path("jit_cores_bench").asDouble()).isEqualTo(0.02);
    assertThat(json.path("peak_rss_mb").asLong()).isEqualTo(900);
    assertThat(json.path("scrape_ms").asDouble()).isEqualTo(40);
    assertThat(json.path("scrape_gzip_ms").asDouble()).isEqualTo(30);
    assertThat(json.path("scrape_gzip_bytes").asLong()).isEqualTo(900_000);
    assertThat(json.path("totals_api_ms").asDouble()).isEqualTo(25);
    assertThat(json.path("reconciliation_api_ms").asDouble()).isEqualTo(35);
    assertThat(json.path("growth")).hasSize(2);
    assertThat(json.path("growth").get(1).path("produce_rounds")).hasSize(2);
    assertThat(report.table())
        .contains("produce, records/s (1,000,000 events)", "1.00x", "0.020x", "240");
  }

  @Test
  void whatWasNotMeasuredIsNullNotNaN() throws Exception {
    BenchReport latencyOnly =
        new BenchReport(true, 10_000, RECORD, List.of(), 100_000, null, Duration.ofSeconds(30));
    JsonNode json = new ObjectMapper().readTree(latencyOnly.toJson());
    assertThat(json.path("producer_ratio").isNull()).isTrue();
    assertThat(json.path("e2e_latency_p50_ms").isNull()).isTrue();
    assertThat(json.path("peak_rss_mb").isNull()).isTrue();
    assertThat(latencyOnly.table()).contains("Tally bench (quick)");
  }

  @Test
  void geometricMeanIgnoresRoundsWithoutANumber() {
    assertThat(BenchReport.geometricMean(new double[] {4, 1, Double.NaN})).isEqualTo(2.0);
    assertThat(BenchReport.geometricMean(new double[] {})).isNaN();
    assertThat(BenchReport.median(new double[] {3, 1, 2})).isEqualTo(2);
  }
}
