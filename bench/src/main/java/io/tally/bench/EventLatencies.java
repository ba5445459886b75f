package io.tally.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the latency probe saw, per event: when it was produced, when the first total counting it
 * arrived, when {@code /metrics} first showed it. An event is its metric key and its rank k among
 * that metric's events: the k-th event produced is the one that brings the count to k. A total or a
 * scrape showing count n shows every event up to n, so events folded into one total (the record
 * cache keeps a key's last value per commit) each get their own latency.
 *
 * <p>Each of the three kinds of update comes from one thread; the results may be read from any.
 */
final class EventLatencies {
  private final Map<String, Integer> producedCount = new ConcurrentHashMap<>();
  private final Map<String, Long> countedLevel = new ConcurrentHashMap<>();
  private final Map<String, Long> shownLevel = new ConcurrentHashMap<>();
  private final Map<String, Long> producedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> counted = new ConcurrentHashMap<>();
  private final Map<String, Long> shown = new ConcurrentHashMap<>();

  /** The metric's next event was produced at {@code millis}. */
  void produced(String metric, long millis) {
    int k = producedCount.merge(metric, 1, Integer::sum);
    producedAt.put(metric + "#" + k, millis);
  }

  /** A total of the metric counting {@code events} arrived at {@code millis}. */
  void counted(String metric, long events, long millis) {
    raise(countedLevel, counted, metric, events, millis);
  }

  /** {@code /metrics} showed the metric with {@code events} counted at {@code millis}. */
  void shown(String metric, long events, long millis) {
    raise(shownLevel, shown, metric, events, millis);
  }

  private static void raise(
      Map<String, Long> levels, Map<String, Long> seen, String metric, long events, long millis) {
    long before = levels.getOrDefault(metric, 0L);
    for (long k = before + 1; k <= events; k++) {
      seen.putIfAbsent(metric + "#" + k, millis);
    }
    levels.put(metric, Math.max(before, events));
  }

  /** Whether {@code events} events have been produced, counted in a total and shown. */
  boolean complete(long events) {
    return producedAt.size() >= events && counted.size() >= events && shown.size() >= events;
  }

  /** Latencies in ms, each array sorted; {@code seen} events were counted in a total in all. */
  record Result(long[] toTotal, long[] toMetrics, long seen) {
    static double percentile(long[] sorted, double p) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * sorted.length);
      return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
  }

  /** The latencies of the events produced at or after {@code fromMillis} (warm-up left out). */
  Result result(long fromMillis) {
    List<Long> toTotal = new ArrayList<>();
    List<Long> toMetrics = new ArrayList<>();
    counted.forEach(
        (event, seen) -> {
          Long produced = producedAt.get(event);
          if (produced == null || produced < fromMillis) {
            return;
          }
          toTotal.add(seen - produced);
          Long onMetrics = shown.get(event);
          if (onMetrics != null) {
            toMetrics.add(onMetrics - produced);
          }
        });
    return new Result(sorted(toTotal), sorted(toMetrics), counted.size());
  }

  /**
   * Every event counted, as CSV: produced-at (epoch ms), ms to total, ms to /metrics (or empty).
   */
  void writeCsv(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("metric_event,produced_at_ms,to_total_ms,to_metrics_ms");
    counted.entrySet().stream()
        .filter(e -> producedAt.containsKey(e.getKey()))
        .sorted(Comparator.comparingLong(e -> producedAt.get(e.getKey())))
        .forEach(
            e -> {
              long produced = producedAt.get(e.getKey());
              Long onMetrics = shown.get(e.getKey());
              lines.add(
                  e.getKey()
                      + ","
                      + produced
                      + ","
                      + (e.getValue() - produced)
                      + ","
                      + (onMetrics == null ? "" : onMetrics - produced));
            });
    Files.write(file, lines);
  }

  private static long[] sorted(List<Long> values) {
    long[] out = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(out);
    return out;
  }
}
