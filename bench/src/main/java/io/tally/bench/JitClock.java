package io.tally.bench;

import io.tally.testkit.PrometheusText;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Time the JIT compilers have spent so far in the bench's own JVM (broker, replay, probe) and in
 * the streams app (its {@code jvm_compilation_time_ms_total}). On two cores a JVM that is still
 * compiling takes most of a core from the broker and the stream thread, so latency is measured only
 * once both have settled.
 */
final class JitClock {
  private static final String APP_METER = "jvm_compilation_time_ms_total";
  private final StreamsRun app;
  private final CompilationMXBean bench = ManagementFactory.getCompilationMXBean();

  JitClock(StreamsRun app) {
    this.app = app;
  }

  /** Compilation time of both JVMs so far; -1 for one that does not report it. */
  Reading read() throws IOException, InterruptedException {
    long own =
        bench != null && bench.isCompilationTimeMonitoringSupported()
            ? bench.getTotalCompilationTime()
            : -1;
    double appMillis =
        PrometheusText.find(PrometheusText.parse(app.get("/metrics").body()), APP_METER, Map.of())
            .stream()
            .mapToDouble(PrometheusText.Sample::value)
            .sum();
    return new Reading(System.nanoTime(), own, Math.round(appMillis));
  }

  /** What the clocks showed at one moment. */
  record Reading(long nanos, long benchMillis, long appMillis) {
    /** Share of one core each JVM spent compiling since {@code before}. */
    Cores coresSince(Reading before) {
      double elapsedMillis = Math.max(1, (nanos - before.nanos) / 1e6);
      return new Cores(
          (appMillis - before.appMillis) / elapsedMillis,
          benchMillis < 0 ? Double.NaN : (benchMillis - before.benchMillis) / elapsedMillis);
    }
  }

  /** Shares of one core: the streams app's JIT, the bench JVM's (NaN if it does not say). */
  record Cores(double app, double bench) {
    /** Neither JIT above {@code share} of a core (an unknown one does not count). */
    boolean atMost(double share) {
      return app <= share && !(bench > share);
    }
  }
}
