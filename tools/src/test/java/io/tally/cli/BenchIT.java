package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A smoke test of {@code tally bench --quick} at a tiny size: every phase runs (Kafka's perf tools,
 * the replay and the streams app in child JVMs on this class path) and the JSON it writes is valid
 * and complete. It asserts no timing: numbers from a shared two-core machine mean nothing here.
 */
class BenchIT {
  private static final String[] KEYS = {
    "producer_ratio",
    "streams_ratio",
    "streams_vs_bare_ratio",
    "e2e_latency_p50_ms",
    "e2e_latency_p99_ms",
    "scrape_ms",
    "scrape_gzip_ms",
    "scrape_gzip_bytes",
    "totals_api_ms",
    "reconciliation_api_ms",
    "peak_rss_mb"
  };

  @TempDir Path dir;

  @Test
  void quickBenchWritesEveryNumberAsJson() throws Exception {
    Path json = dir.resolve("bench.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TallyCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int code =
        cli.execute(
            "bench",
            "--quick",
            "--figures",
            "200",
            "--sizes",
            "1000",
            "--rounds",
            "1",
            "--latency",
            "200,3,20,50",
            "--work-dir",
            dir.resolve("work").toString(),
            "--out",
            json.toString());

    assertThat(code).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    for (String key : KEYS) {
      assertThat(report.path(key).isNumber()).as("%s in %s", key, report).isTrue();
    }
    // Every paced event has its latency, also those a commit folded into one total: all but the
    // first fifth, left out as warm-up.
    JsonNode latency = report.path("latency");
    assertThat(latency.path("measured_events").asLong())
        .isGreaterThanOrEqualTo(latency.path("events").asLong() * 3 / 4)
        .isLessThan(latency.path("events").asLong());
    assertThat(latency.path("paced_warm_up_ms").asLong()).isPositive();
    assertThat(latency.path("jit_cores_app").isNumber()).as("%s", latency).isTrue();
    assertThat(report.path("growth")).hasSize(1);
    JsonNode size = report.path("growth").get(0);
    assertThat(size.path("events").asLong()).isEqualTo(1000);
    // The bare Kafka Streams baseline ran over the same events, in the same round.
    assertThat(size.path("bare_streams_records_per_sec").asLong()).isPositive();
    assertThat(size.path("streams_vs_bare_ratio").asDouble()).isPositive();
    assertThat(size.path("bare_streams_rounds")).hasSize(1);
    assertThat(out.toString())
        .contains(
            "produce, records/s",
            "aggregate, records/s",
            "aggregate vs bare Kafka Streams",
            "scrape",
            "scrape /metrics with gzip",
            "/api/v1/totals");
    // Compressed as Prometheus asks: fewer bytes on the wire than the text.
    assertThat(report.path("scrape_gzip_bytes").asLong())
        .isPositive()
        .isLessThan(report.path("scrape_bytes").asLong());
  }
}
