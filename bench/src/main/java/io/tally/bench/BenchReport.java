package io.tally.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a bench run measured, with the ratios derived from it: as JSON ({@link #toJson()}, keys
 * {@code producer_ratio}, {@code streams_ratio}, {@code e2e_latency_p50_ms}, {@code
 * e2e_latency_p99_ms}, {@code scrape_ms}, {@code peak_rss_mb} and more) and as a console table.
 *
 * @param sizes one entry per scenario size, ascending; empty if throughput was not measured
 * @param headlineSize the size whose A/B rounds give the headline ratios
 * @param latency null if latency was not measured
 */
public record BenchReport(
    boolean quick,
    int figures,
    RecordSize record,
    List<SizeResult> sizes,
    long headlineSize,
    Latency latency,
    Duration elapsed) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Tally's average serialized event, and the record size given to ProducerPerformance. */
  public record RecordSize(double keyBytes, double valueBytes, int perfToolRecordSize) {
    double total() {
      return keyBytes + valueBytes;
    }
  }

  /**
   * One A/B round: Kafka's tool and Tally's side run one after the other ({@code toolFirst} says
   * which came first), on the same data.
   */
  public record Pair(int round, boolean toolFirst, double toolRate, double tallyRate) {
    public double ratio() {
      return toolRate <= 0 ? Double.NaN : tallyRate / toolRate;
    }
  }

  /** Everything measured at one scenario size. */
  public record SizeResult(
      long events,
      int eventsPerFigure,
      List<Pair> produce,
      List<Pair> aggregate,
      List<Pair> versusBare,
      double streamsCpuMicrosPerEvent,
      double bareCpuMicrosPerEvent,
      long peakRssBytes,
      long heapAfterBytes,
      double scrapeMillis,
      double firstScrapeMillis,
      long scrapeBytes,
      double gzipScrapeMillis,
      long gzipScrapeBytes,
      double totalsApiMillis,
      double reconciliationApiMillis) {

    /** The geometric mean of the rounds' ratios: each round's A and B ran side by side in time. */
    double producerRatio() {
      return geometricMean(produce.stream().mapToDouble(Pair::ratio).toArray());
    }

    double streamsRatio() {
      return geometricMean(aggregate.stream().mapToDouble(Pair::ratio).toArray());
    }

    /** Tally's streams app against the bare Kafka Streams app ({@code versusBare}'s "tool"). */
    double streamsVersusBareRatio() {
      return geometricMean(versusBare.stream().mapToDouble(Pair::ratio).toArray());
    }

    double bareStreamsRate() {
      return median(versusBare.stream().mapToDouble(Pair::toolRate).toArray());
    }

    double replayRate() {
      return median(produce.stream().mapToDouble(Pair::tallyRate).toArray());
    }

    double producerToolRate() {
      return median(produce.stream().mapToDouble(Pair::toolRate).toArray());
    }

    double streamsRate() {
      return median(aggregate.stream().mapToDouble(Pair::tallyRate).toArray());
    }

    double consumerToolRate() {
      return median(aggregate.stream().mapToDouble(Pair::toolRate).toArray());
    }
  }

  /**
   * End-to-end latency at a paced rate, in ms; NaN where nothing was measured. With how long the
   * paced warm-up ran and the share of one core each JVM's JIT took during the measured phase (the
   * app's, the bench's with the broker).
   */
  public record Latency(
      int rate,
      long events,
      long measured,
      double toTotalP50,
      double toTotalP99,
      double toTotalMax,
      double toMetricsP50,
      double toMetricsP99,
      double toMetricsMax,
      long pollMillis,
      long pacedWarmUpMillis,
      double jitCoresApp,
      double jitCoresBench) {}

  private static final SizeResult NONE =
      new SizeResult(
          0,
          0,
          List.of(),
          List.of(),
          List.of(),
          Double.NaN,
          Double.NaN,
          -1,
          -1,
          Double.NaN,
          Double.NaN,
          -1,
          Double.NaN,
          -1,
          Double.NaN,
          Double.NaN);
  private static final Latency NO_LATENCY =
      new Latency(
          0,
          0,
          0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          0,
          0,
          Double.NaN,
          Double.NaN);

  SizeResult headline() {
    return sizes.stream().filter(s -> s.events() == headlineSize).findFirst().orElse(NONE);
  }

  SizeResult largest() {
    return sizes.isEmpty() ? NONE : sizes.get(sizes.size() - 1);
  }

  private Latency latencyOrNone() {
    return latency == null ? NO_LATENCY : latency;
  }

  public double producerRatio() {
    return headline().producerRatio();
  }

  public double streamsRatio() {
    return headline().streamsRatio();
  }

  public double streamsVersusBareRatio() {
    return headline().streamsVersusBareRatio();
  }

  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    SizeResult head = headline();
    SizeResult big = largest();
    Latency latency = latencyOrNone();
    put(root, "producer_ratio", round(producerRatio(), 3));
    put(root, "streams_ratio", round(streamsRatio(), 3));
    put(root, "streams_vs_bare_ratio", round(streamsVersusBareRatio(), 3));
    put(root, "e2e_latency_p50_ms", latency.toTotalP50());
    put(root, "e2e_latency_p99_ms", latency.toTotalP99());
    put(root, "e2e_latency_max_ms", latency.toTotalMax());
    put(root, "e2e_metrics_p50_ms", latency.toMetricsP50());
    put(root, "e2e_metrics_p99_ms", latency.toMetricsP99());
    put(root, "e2e_metrics_max_ms", latency.toMetricsMax());
    put(root, "scrape_ms", round(big.scrapeMillis(), 1));
    put(root, "scrape_first_ms", round(big.firstScrapeMillis(), 1));
    putCount(root, "scrape_bytes", big.scrapeBytes());
    // As Prometheus asks for it: Accept-Encoding: gzip; the bytes are those on the wire.
    put(root, "scrape_gzip_ms", round(big.gzipScrapeMillis(), 1));
    putCount(root, "scrape_gzip_bytes", big.gzipScrapeBytes());
    root.put("scrape_figures", figures);
    put(root, "totals_api_ms", round(big.totalsApiMillis(), 1));
    put(root, "reconciliation_api_ms", round(big.reconciliationApiMillis(), 1));
    putCount(root, "peak_rss_mb", megabytes(big.peakRssBytes()));
    putCount(root, "heap_after_mb", megabytes(big.heapAfterBytes()));
    root.put("quick", quick);
    root.put("figures", figures);
    root.put("headline_events", headlineSize);
    put(root, "replay_records_per_sec", Math.rint(head.replayRate()));
    put(root, "producer_perf_records_per_sec", Math.rint(head.producerToolRate()));
    put(root, "streams_records_per_sec", Math.rint(head.streamsRate()));
    put(root, "consumer_perf_records_per_sec", Math.rint(head.consumerToolRate()));
    put(root, "streams_cpu_us_per_event", round(head.streamsCpuMicrosPerEvent(), 1));
    ObjectNode rec = root.putObject("record_bytes");
    rec.put("key", round(record.keyBytes(), 1));
    rec.put("value", round(record.valueBytes(), 1));
    rec.put("producer_perf_record_size", record.perfToolRecordSize());
    ObjectNode lat = root.putObject("latency");
    lat.put("rate_per_sec", latency.rate());
    lat.put("events", latency.events());
    lat.put("measured_events", latency.measured());
    lat.put("metrics_poll_ms", latency.pollMillis());
    lat.put("paced_warm_up_ms", latency.pacedWarmUpMillis());
    put(lat, "jit_cores_app", latency.jitCoresApp());
    put(lat, "jit_cores_bench", latency.jitCoresBench());
    ArrayNode growth = root.putArray("growth");
    for (SizeResult s : sizes) {
      ObjectNode g = growth.addObject();
      g.put("events", s.events());
      g.put("events_per_figure", s.eventsPerFigure());
      g.put("replay_records_per_sec", Math.round(s.replayRate()));
      g.put("producer_perf_records_per_sec", Math.round(s.producerToolRate()));
      put(g, "producer_ratio", round(s.producerRatio(), 3));
      g.put("streams_records_per_sec", Math.round(s.streamsRate()));
      g.put("consumer_perf_records_per_sec", Math.round(s.consumerToolRate()));
      put(g, "streams_ratio", round(s.streamsRatio(), 3));
      g.put("bare_streams_records_per_sec", Math.round(s.bareStreamsRate()));
      put(g, "streams_vs_bare_ratio", round(s.streamsVersusBareRatio(), 3));
      put(g, "bare_streams_cpu_us_per_event", round(s.bareCpuMicrosPerEvent(), 1));
      put(g, "streams_cpu_us_per_event", round(s.streamsCpuMicrosPerEvent(), 1));
      g.put("peak_rss_mb", megabytes(s.peakRssBytes()));
      g.put("heap_after_mb", megabytes(s.heapAfterBytes()));
      put(g, "scrape_ms", round(s.scrapeMillis(), 1));
      g.put("scrape_bytes", s.scrapeBytes());
      put(g, "scrape_gzip_ms", round(s.gzipScrapeMillis(), 1));
      g.put("scrape_gzip_bytes", s.gzipScrapeBytes());
      put(g, "totals_api_ms", round(s.totalsApiMillis(), 1));
      put(g, "reconciliation_api_ms", round(s.reconciliationApiMillis(), 1));
      rounds(g.putArray("produce_rounds"), s.produce());
      rounds(g.putArray("aggregate_rounds"), s.aggregate());
      // Here the "tool" is the bare Kafka Streams app.
      rounds(g.putArray("bare_streams_rounds"), s.versusBare());
    }
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.version"));
    root.put("elapsed_s", elapsed.toSeconds());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report", e);
    }
  }

  private static void rounds(ArrayNode out, List<Pair> pairs) {
    for (Pair p : pairs) {
      ObjectNode r = out.addObject();
      r.put("round", p.round());
      r.put("kafka_tool_first", p.toolFirst());
      r.put("kafka_tool_records_per_sec", Math.round(p.toolRate()));
      r.put("tally_records_per_sec", Math.round(p.tallyRate()));
      put(r, "ratio", round(p.ratio(), 3));
    }
  }

  /** The console table. */
  public String table() {
    SizeResult head = headline();
    SizeResult big = largest();
    Latency latency = latencyOrNone();
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Tally bench%s: %,d figures, %d cores, event %.0f B (key %.0f + value %.0f),"
                + " %s%n%n",
            quick ? " (quick)" : "",
            figures,
            Runtime.getRuntime().availableProcessors(),
            record.total(),
            record.keyBytes(),
            record.valueBytes(),
            formatDuration(elapsed)));
    String row = "%-44s %14s %14s %9s %10s%n";
    out.append(String.format(Locale.ROOT, row, "", "Kafka tool", "Tally", "Tally/tool", "target"));
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "produce, records/s (" + events(headlineSize) + ")",
            rate(head.producerToolRate()),
            rate(head.replayRate()),
            ratio(head.producerRatio()),
            ">= 0.90x"));
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "aggregate, records/s (" + events(headlineSize) + ")",
            rate(head.consumerToolRate()),
            rate(head.streamsRate()),
            ratio(head.streamsRatio()),
            ">= 0.50x"));
    out.append(
        String.format(
            Locale.ROOT,
            row,
            "aggregate vs bare Kafka Streams, records/s",
            rate(head.bareStreamsRate()),
            rate(head.streamsRate()),
            ratio(head.streamsVersusBareRatio()),
            ">= 0.50x"));
    out.append('\n');
    String line = "%-44s %s%n";
    out.append(
        String.format(
            Locale.ROOT,
            line,
            "e2e latency to total, p50 / p99 / max",
            String.format(
                Locale.ROOT,
                "%s / %s / %s ms at %,d events/s (target p99 <= 250 ms)",
                ms(latency.toTotalP50()),
                ms(latency.toTotalP99()),
                ms(latency.toTotalMax()),
                latency.rate())));
    out.append(
        String.format(
            Locale.ROOT,
            line,
            "e2e latency to /metrics, p50 / p99 / max",
            String.format(
                Locale.ROOT,
                "%s / %s / %s ms (polled every %d ms)",
                ms(latency.toMetricsP50()),
                ms(latency.toMetricsP99()),
                ms(latency.toMetricsMax()),
                latency.pollMillis())));
    out.append(
        String.format(
            Locale.ROOT,
            line,
            "latency phase: paced warm-up, JIT",
            String.format(
                Locale.ROOT,
                "%.0f s; then JIT %.2f (app) and %.2f (bench) of a core",
                latency.pacedWarmUpMillis() / 1000.0,
                latency.jitCoresApp(),
                latency.jitCoresBench())));
    out.append(
        String.format(
            Locale.ROOT,
            line,
            String.format(Locale.ROOT, "scrape /metrics, %,d figures", figures),
            String.format(
                Locale.ROOT,
                "%.1f ms, %,d bytes (first scrape %.1f ms; target < 50 ms)",
                big.scrapeMillis(),
                big.scrapeBytes(),
                big.firstScrapeMillis())));
    out.append(
        String.format(
            Locale.ROOT,
            line,
            "scrape /metrics with gzip",
            String.format(
                Locale.ROOT,
                "%.1f ms, %,d bytes on the wire (Accept-Encoding: gzip, as Prometheus asks)",
                big.gzipScrapeMillis(),
                big.gzipScrapeBytes())));
    out.append(
        String.format(
            Locale.ROOT,
            line,
            String.format(Locale.ROOT, "read API, %,d figures", figures),
            String.format(
                Locale.ROOT,
                "/api/v1/totals %.1f ms, /api/v1/reconciliation %.1f ms",
                big.totalsApiMillis(),
                big.reconciliationApiMillis())));
    out.append(
        String.format(
            Locale.ROOT,
            line,
            "streams app memory, " + events(big.events()),
            String.format(
                Locale.ROOT,
                "peak RSS %,d MB, heap after full GC %,d MB",
                megabytes(big.peakRssBytes()),
                megabytes(big.heapAfterBytes()))));
    out.append('\n');
    String growth = "%12s %9s %11s %11s %7s %11s %11s %7s %11s %7s %8s %8s %8s %9s%n";
    out.append(
        String.format(
            Locale.ROOT,
            growth,
            "events",
            "per fig.",
            "replay/s",
            "ProdPerf/s",
            "ratio",
            "streams/s",
            "ConsPerf/s",
            "ratio",
            "bare/s",
            "ratio",
            "CPU us/ev",
            "RSS MB",
            "heap MB",
            "scrape ms"));
    for (SizeResult s : sizes) {
      out.append(
          String.format(
              Locale.ROOT,
              growth,
              String.format(Locale.ROOT, "%,d", s.events()),
              String.format(Locale.ROOT, "%,d", s.eventsPerFigure()),
              rate(s.replayRate()),
              rate(s.producerToolRate()),
              ratio(s.producerRatio()),
              rate(s.streamsRate()),
              rate(s.consumerToolRate()),
              ratio(s.streamsRatio()),
              rate(s.bareStreamsRate()),
              ratio(s.streamsVersusBareRatio()),
              String.format(Locale.ROOT, "%.0f", s.streamsCpuMicrosPerEvent()),
              String.format(Locale.ROOT, "%,d", megabytes(s.peakRssBytes())),
              String.format(Locale.ROOT, "%,d", megabytes(s.heapAfterBytes())),
              String.format(Locale.ROOT, "%.1f", s.scrapeMillis())));
    }
    return out.toString();
  }

  /** A count, or null where there is none (reported as -1 inside). */
  private static void putCount(ObjectNode node, String key, long value) {
    if (value < 0) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }

  /** A number, or null where there is none (NaN is not JSON). */
  private static void put(ObjectNode node, String key, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(key);
    } else {
      node.put(key, value);
    }
  }

  static double geometricMean(double[] values) {
    double[] valid = Arrays.stream(values).filter(v -> v > 0 && !Double.isInfinite(v)).toArray();
    if (valid.length == 0) {
      return Double.NaN;
    }
    return Math.exp(Arrays.stream(valid).map(Math::log).sum() / valid.length);
  }

  static double median(double[] values) {
    double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double round(double value, int places) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, places);
    return Math.round(value * scale) / scale;
  }

  static long megabytes(long bytes) {
    return bytes < 0 ? -1 : Math.round(bytes / (1024.0 * 1024.0));
  }

  private static String rate(double perSecond) {
    return Double.isNaN(perSecond) ? "-" : String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String ratio(double ratio) {
    if (Double.isNaN(ratio)) {
      return "-";
    }
    return String.format(Locale.ROOT, ratio < 0.1 ? "%.3fx" : "%.2fx", ratio);
  }

  private static String ms(double millis) {
    return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.0f", millis);
  }

  private static String events(long events) {
    return String.format(Locale.ROOT, "%,d events", events);
  }

  private static String formatDuration(Duration d) {
    return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
  }
}
