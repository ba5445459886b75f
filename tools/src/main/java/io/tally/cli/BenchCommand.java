package io.tally.cli;

import io.tally.bench.Bench;
import io.tally.bench.BenchException;
import io.tally.bench.BenchOptions;
import io.tally.bench.BenchReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tally bench}: Tally against Kafka's own perf tools, on one embedded broker. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark Tally against Kafka's own perf tools on one embedded broker, in one run:"
            + " replay vs ProducerPerformance, the exactly-once streams app vs"
            + " ConsumerPerformance (records/s ratios), end-to-end latency at a paced rate, a"
            + " /metrics scrape with 10,000 figures, memory, and how all of it grows with the"
            + " scenario's size. Prints a table; --out writes the numbers as JSON.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description =
          "About two minutes: 10^4 and 10^5 events, one round each, instead of 10^5, 10^6 and"
              + " 10^7 with three rounds at 10^6.")
  boolean quick;

  @Option(names = "--out", paramLabel = "FILE.json", description = "Write the results as JSON.")
  Path out;

  @Option(
      names = "--figures",
      paramLabel = "N",
      description = "Figures of the benchmark scenarios. Default: 10000.")
  Integer figures;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "EVENTS",
      description =
          "Scenario sizes in events, ascending, each a multiple of --figures; the largest but one"
              + " (or the only one) gets the A/B rounds of the headline ratios.")
  List<Long> sizes;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description = "A/B rounds at the headline size. Default: 3 (1 with --quick).")
  Integer rounds;

  @Option(
      names = "--latency",
      paramLabel = "RATE,SECONDS,FIGURES[,POLL_MS]",
      split = ",",
      description =
          "The paced latency phase: events per second, seconds, figures, and how often /metrics"
              + " is polled. Default: 1000,30,200,50 (500,8,100,50 with --quick). It follows a"
              + " warm-up at the same pace, 10 s at a time until the JIT of both JVMs has"
              + " settled (at most 60 s; 20 s with --quick).")
  List<Integer> latency;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Keep scenario files, child logs (and recordings) here. Default: a temporary directory,"
              + " deleted afterwards.")
  Path workDir;

  @Option(
      names = "--jfr",
      description = "Record every child JVM with Java Flight Recorder (NAME.jfr in --work-dir).")
  boolean jfr;

  @Option(
      names = "--only",
      paramLabel = "PHASE",
      description =
          "Measure only this: throughput (produce, aggregate, scrape, memory, growth) or latency.")
  BenchOptions.Phase only;

  @Option(
      names = "--heap",
      paramLabel = "SIZE",
      description =
          "-Xmx of Tally's replay and streams app, as TALLY_HEAP sets it for ./tally"
              + " (default: ./tally's, 512m for the streams app and 1g for the replay).")
  String heap;

  @Option(
      names = {"--streams-property", "-S"},
      paramLabel = "KEY=VALUE",
      description = "A Kafka Streams setting for the benchmarked streams apps; repeatable.")
  Map<String, String> streamsProperties = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    BenchOptions options = options();
    PrintWriter console = spec.commandLine().getOut();
    BenchReport report;
    try {
      report = Bench.run(options, console);
    } catch (BenchException e) {
      spec.commandLine().getErr().println("tally bench: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 1;
    }
    console.println();
    console.print(report.table());
    console.flush();
    if (out != null) {
      Files.writeString(out, report.toJson(), StandardCharsets.UTF_8);
      console.printf("%nwrote %s%n", out);
      console.flush();
    }
    return 0;
  }

  BenchOptions options() {
    BenchOptions options = quick ? BenchOptions.quickRun() : BenchOptions.full();
    try {
      if (figures != null || sizes != null) {
        int f = figures != null ? figures : options.figures();
        List<Long> s = sizes != null ? List.copyOf(sizes) : options.sizes();
        long headline = s.size() == 1 ? s.get(0) : s.get(s.size() - 2);
        options = options.withSizes(f, s, headline);
      }
      if (rounds != null) {
        options = options.withRounds(rounds, options.warmupRecords());
      }
      if (latency != null) {
        if (latency.size() != 3 && latency.size() != 4) {
          throw new UserError("--latency needs RATE,SECONDS,FIGURES[,POLL_MS], got " + latency);
        }
        Duration poll =
            latency.size() == 4 ? Duration.ofMillis(latency.get(3)) : options.metricsPoll();
        options =
            options.withLatency(
                latency.get(2), latency.get(0), Duration.ofSeconds(latency.get(1)), poll);
      }
      if (jfr && workDir == null) {
        throw new UserError("--jfr needs --work-dir: the recordings are kept there");
      }
      if (workDir != null) {
        Files.createDirectories(workDir);
      }
      if (only != null) {
        options = options.withPhases(java.util.Set.of(only));
      }
      options =
          options
              .withWorkDir(workDir == null ? null : workDir.toAbsolutePath(), jfr)
              .withStreamsOverrides(streamsProperties);
      if (heap != null) {
        options = options.withTallyHeap(heap);
      }
      return options;
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new UserError("--work-dir: " + e.getMessage(), e);
    }
  }
}
