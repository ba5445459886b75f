package io.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one bench run measures.
 *
 * @param figures figures of every scenario of the throughput phases (each size is {@code figures *
 *     events per figure}); also the figures of the {@code /metrics} scrape
 * @param sizes events per scenario, ascending: the growth table; each a multiple of {@code figures}
 * @param headlineSize the size whose A/B rounds give the headline ratios (one of {@code sizes})
 * @param headlineRounds A/B rounds at the headline size (other sizes have one); the order of A and
 *     B alternates from round to round across the whole run
 * @param warmupRecords records of the discarded warm-up round of each side of "produce"
 * @param latencyFigures figures of the paced latency scenario
 * @param latencyRate its events per second
 * @param latencyDuration how long it is replayed; the first fifth is warm-up, left out
 * @param metricsPoll how often the latency probe scrapes {@code /metrics}
 * @param scrapes scrapes of the 10,000-figure app: the first (cold) is reported apart, the median
 *     of the last half of the others as the warm scrape
 * @param tallyHeap {@code -Xmx} of Tally's child JVMs, or null for {@code ./tally}'s defaults (512m
 *     for the streams app, 1g for the replay)
 * @param workDir where scenario files, state, child output and recordings go; null for a temporary
 *     directory, deleted afterwards
 * @param flightRecordings record every child with JFR ({@code NAME.jfr} in the work directory)
 * @param streamsOverrides Kafka Streams settings for every streams app (experiments)
 * @param phases what to measure: throughput (produce, aggregate, scrape, memory, growth) and/or
 *     latency
 */
public record BenchOptions(
    boolean quick,
    int figures,
    List<Long> sizes,
    long headlineSize,
    int headlineRounds,
    long warmupRecords,
    int latencyFigures,
    int latencyRate,
    Duration latencyDuration,
    Duration metricsPoll,
    int scrapes,
    String tallyHeap,
    Path workDir,
    boolean flightRecordings,
    Map<String, String> streamsOverrides,
    Set<Phase> phases) {

  /** The parts of a bench run. */
  public enum Phase {
    /** Produce and aggregate A/B rounds, scrape and memory, at every size. */
    THROUGHPUT,
    /** End-to-end latency at a paced rate. */
    LATENCY
  }

  public BenchOptions {
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("nothing to measure: no phase chosen");
    }
    phases = Set.copyOf(phases);
    sizes = List.copyOf(sizes);
    streamsOverrides = Map.copyOf(streamsOverrides);
    Objects.requireNonNull(latencyDuration, "latencyDuration");
    if (sizes.isEmpty() || !sizes.contains(headlineSize)) {
      throw new IllegalArgumentException("the headline size must be one of the sizes: " + sizes);
    }
    for (long size : sizes) {
      if (size < figures || size % figures != 0) {
        throw new IllegalArgumentException(
            "every size must be a multiple of the figures (" + figures + "): " + size);
      }
    }
    if (headlineRounds < 1 || latencyRate < 1 || latencyFigures < 1 || scrapes < 2) {
      throw new IllegalArgumentException("rounds, rate, figures and scrapes must be positive");
    }
  }

  /** 10,000 figures at 10^5, 10^6 and 10^7 events; three A/B rounds at 10^6. */
  public static BenchOptions full() {
    return new BenchOptions(
        false,
        10_000,
        List.of(100_000L, 1_000_000L, 10_000_000L),
        1_000_000L,
        3,
        500_000,
        200,
        1_000,
        Duration.ofSeconds(30),
        Duration.ofMillis(50),
        30,
        null,
        null,
        false,
        Map.of(),
        EnumSet.allOf(Phase.class));
  }

  /**
   * About two minutes: 10,000 figures at 10^4 and 10^5 events, one round each (A/B order
   * alternating from one size to the next).
   */
  public static BenchOptions quickRun() {
    return new BenchOptions(
        true,
        10_000,
        List.of(10_000L, 100_000L),
        100_000L,
        1,
        20_000,
        100,
        500,
        Duration.ofSeconds(8),
        Duration.ofMillis(50),
        16,
        null,
        null,
        false,
        Map.of(),
        EnumSet.allOf(Phase.class));
  }

  public BenchOptions withSizes(int newFigures, List<Long> newSizes, long newHeadline) {
    return new BenchOptions(
        quick,
        newFigures,
        newSizes,
        newHeadline,
        headlineRounds,
        warmupRecords,
        latencyFigures,
        latencyRate,
        latencyDuration,
        metricsPoll,
        scrapes,
        tallyHeap,
        workDir,
        flightRecordings,
        streamsOverrides,
        phases);
  }

  public BenchOptions withRounds(int rounds, long warmup) {
    return new BenchOptions(
        quick,
        figures,
        sizes,
        headlineSize,
        rounds,
        warmup,
        latencyFigures,
        latencyRate,
        latencyDuration,
        metricsPoll,
        scrapes,
        tallyHeap,
        workDir,
        flightRecordings,
        streamsOverrides,
        phases);
  }

  public BenchOptions withLatency(int newFigures, int rate, Duration duration, Duration poll) {
    return new BenchOptions(
        quick,
        figures,
        sizes,
        headlineSize,
        headlineRounds,
        warmupRecords,
        newFigures,
        rate,
        duration,
        poll,
        scrapes,
        tallyHeap,
        workDir,
        flightRecordings,
        streamsOverrides,
        phases);
  }

  public BenchOptions withWorkDir(Path dir, boolean record) {
    return new BenchOptions(
        quick,
        figures,
        sizes,
        headlineSize,
        headlineRounds,
        warmupRecords,
        latencyFigures,
        latencyRate,
        latencyDuration,
        metricsPoll,
        scrapes,
        tallyHeap,
        dir,
        record,
        streamsOverrides,
        phases);
  }

  public BenchOptions withStreamsOverrides(Map<String, String> overrides) {
    return new BenchOptions(
        quick,
        figures,
        sizes,
        headlineSize,
        headlineRounds,
        warmupRecords,
        latencyFigures,
        latencyRate,
        latencyDuration,
        metricsPoll,
        scrapes,
        tallyHeap,
        workDir,
        flightRecordings,
        overrides,
        phases);
  }

  /** Tally's child JVMs (replay and streams app) with {@code -Xmx} {@code heap}, e.g. 512m. */
  public BenchOptions withTallyHeap(String heap) {
    if (!heap.matches("[1-9][0-9]*[kKmMgG]?")) {
      throw new IllegalArgumentException("--heap: a JVM heap size like 512m or 1g, got " + heap);
    }
    return new BenchOptions(
        quick,
        figures,
        sizes,
        headlineSize,
        headlineRounds,
        warmupRecords,
        latencyFigures,
        latencyRate,
        latencyDuration,
        metricsPoll,
        scrapes,
        heap,
        workDir,
        flightRecordings,
        streamsOverrides,
        phases);
  }

  public BenchOptions withPhases(Set<Phase> only) {
    return new BenchOptions(
        quick,
        figures,
        sizes,
        headlineSize,
        headlineRounds,
        warmupRecords,
        latencyFigures,
        latencyRate,
        latencyDuration,
        metricsPoll,
        scrapes,
        tallyHeap,
        workDir,
        flightRecordings,
        streamsOverrides,
        only);
  }

  /** Events per figure of a size. */
  public int eventsPerFigure(long size) {
    return Math.toIntExact(size / figures);
  }
}
