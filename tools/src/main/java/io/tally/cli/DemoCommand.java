package io.tally.cli;

import io.tally.avro.RunState;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.query.UnavailableException;
import io.tally.reconcile.Reconciliation;
import io.tally.reconcile.ReconciliationTable;
import io.tally.replay.Pacing;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.replay.Speed;
import io.tally.runtime.StreamsService;
import io.tally.runtime.StreamsSettings;
import io.tally.scenario.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tally demo}: the whole pipeline in one process on an embedded Kafka broker: the broker,
 * the streams application with its metrics endpoint, and a paced replay of a scenario, with live
 * progress per theme and the reconciliation table at the end.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run everything on this machine: an embedded Kafka broker, the streams application and a"
            + " replay of the scenario; shows each theme filling up, then reconciles every figure."
            + " Without --exit-when-done it keeps serving metrics until Ctrl-C.")
final class DemoCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  @Spec CommandSpec spec;
  @Mixin ReplayCommand.ExpansionFlags expansion;

  @Option(
      names = "--speed",
      defaultValue = "auto",
      paramLabel = "FACTOR|max|auto",
      description =
          "Event time per wall time; auto plays the scenario in about --duration; max as fast as"
              + " possible. Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      description = "Target length of the replay at --speed auto. Default: ${DEFAULT-VALUE}.")
  String duration;

  @Option(
      names = "--metrics-port",
      defaultValue = "8080",
      description =
          "Port of /metrics, /health and /api (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int metricsPort;

  @Option(
      names = "--metrics-host",
      defaultValue = "127.0.0.1",
      description =
          "Interface the HTTP endpoints bind to (0.0.0.0 for every interface). Default:"
              + " ${DEFAULT-VALUE}.")
  String metricsHost;

  @Option(
      names = "--kafka-port",
      defaultValue = "0",
      description =
          "Port of the embedded Kafka broker (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(
      names = "--exit-when-done",
      description =
          "Exit after the reconciliation: 0 if the run is COMPLETE and every figure exact, 1"
              + " otherwise.")
  boolean exitWhenDone;

  @Option(
      names = "--reconcile-timeout",
      defaultValue = "120s",
      description =
          "How long to wait after the replay for every figure to reconcile. Default: ${DEFAULT-VALUE}.")
  String reconcileTimeout;

  @Override
  // Java 17: console() is null exactly when the output is not a terminal.
  @SuppressWarnings("SystemConsoleNull")
  public Integer call() throws Exception {
    StartupChecks.portFree("--metrics-port", metricsHost, metricsPort);
    StartupChecks.portFree("--kafka-port", "127.0.0.1", kafkaPort);
    Scenario scenario = Scenarios.load(expansion.scenario);
    Expander expander = new Expander(scenario, expansion.options());
    Speed pace = pace(expander);
    PrintWriter out = spec.commandLine().getOut();
    Path stateDir = Files.createTempDirectory("tally-demo-state");
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(1);
    ReplayJob[] job = new ReplayJob[1];
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  interrupted.countDown();
                  if (job[0] != null) {
                    job[0].stop();
                  }
                  awaitQuietly(finished, 60);
                },
                "tally-demo-shutdown"));
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(
                BrokerOptions.defaults().withPort(kafkaPort).withDefaultPartitions(6));
        StreamsService service = StreamsCommand.start(settings(broker, stateDir))) {
      String metricsUrl = "http://localhost:" + service.httpPort();
      out.printf(
          "%nTally demo: scenario %s (%s), %d figures, %d events, run %s%n",
          scenario.name(),
          scenario.title(),
          scenario.figures().size(),
          expander.eventCount(),
          expander.runId());
      out.printf("  Live page:        %s/runs/%s%n", metricsUrl, expander.runId());
      out.printf("  Kafka bootstrap:  %s%n", broker.bootstrapServers());
      out.printf("  Metrics:          %s/metrics%n", metricsUrl);
      out.printf("  Reconciliation:   %s/api/v1/reconciliation?format=text%n", metricsUrl);
      out.printf("  Totals API:       %s/api/v1/totals%n", metricsUrl);
      out.printf("  Health:           %s/health/ready%n", metricsUrl);
      out.printf("  Replay speed:     %s%n%n", pace);
      out.flush();

      ReplaySettings replaySettings =
          ReplaySettings.defaults(broker.bootstrapServers()).withSpeed(pace);
      job[0] = new ReplayJob(replaySettings);
      LatestProgress progress = new LatestProgress();
      CompletableFuture<ReplaySummary> replay =
          CompletableFuture.supplyAsync(() -> runReplay(job[0], expander, progress));
      LiveView view = new LiveView(out, System.console() != null, scenario);
      while (!replay.isDone() && interrupted.getCount() > 0) {
        view.show(progress, service.app().activeThemeTotals());
        waitFor(replay, view.terminal() ? 1 : 5);
      }
      ReplaySummary summary = replay.join();
      out.println(summary.describe());
      if (interrupted.getCount() == 0) {
        return 130;
      }
      RunState state =
          awaitComplete(
              service,
              expander.runId(),
              Durations.parse("--reconcile-timeout", reconcileTimeout),
              interrupted);
      Reconciliation.Result result = service.reconcile();
      awaitThemes(service, scenario, interrupted);
      view.show(progress, service.app().activeThemeTotals());
      out.println();
      out.println(ReconciliationTable.render(result));
      out.printf("Run %s: %s%n", expander.runId(), state);
      out.flush();
      if (exitWhenDone) {
        return state == RunState.COMPLETE && result.summary().allExact() ? 0 : 1;
      }
      out.printf("%nServing %s/metrics until Ctrl-C.%n", metricsUrl);
      out.flush();
      interrupted.await();
      return 0;
    } finally {
      deleteQuietly(stateDir);
      finished.countDown();
    }
  }

  private Speed pace(Expander expander) {
    if (!"auto".equalsIgnoreCase(speed.strip())) {
      return ReplayCommand.parseSpeed(speed);
    }
    List<Long> times = new ArrayList<>();
    expander.events().forEachRemaining(e -> times.add(e.getEventTime().toEpochMilli()));
    long[] sorted = times.stream().mapToLong(Long::longValue).toArray();
    long maxGap = ReplaySettings.defaults("unused").maxGap().toMillis();
    return Pacing.speedFor(sorted, Durations.parse("--duration", duration), maxGap);
  }

  private StreamsSettings settings(EmbeddedKafkaBroker broker, Path stateDir) {
    StreamsCommand.Flags flags = new StreamsCommand.Flags();
    flags.applicationId = "tally-demo";
    flags.stateDir = stateDir;
    flags.metricsPort = metricsPort;
    flags.metricsHost = metricsHost;
    flags.advertisedHost = "localhost"; // one instance: nobody else needs to reach it
    flags.replicationFactor = 1;
    flags.standbyReplicas = 0;
    flags.partitions = 6;
    flags.dailyGrace = "1d";
    flags.expect = List.of(expansion.scenario);
    return flags.settings(broker.bootstrapServers(), Map.of());
  }

  private static ReplaySummary runReplay(
      ReplayJob job, Expander expander, ProgressListener progress) {
    try {
      return job.run(expander, progress);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("replay interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("replay failed: " + e.getMessage(), e);
    }
  }

  /**
   * Waits until the run is COMPLETE (its completion is in the run log and every figure has counted
   * the events it declares), or the timeout passes; returns the state it reached.
   */
  private static RunState awaitComplete(
      StreamsService service, String runId, Duration timeout, CountDownLatch interrupted)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RunState state = stateOf(service, runId);
    while (state != RunState.COMPLETE
        && state != RunState.SUPERSEDED
        && System.nanoTime() < deadline
        && interrupted.getCount() > 0) {
      interrupted.await(200, TimeUnit.MILLISECONDS);
      state = stateOf(service, runId);
    }
    if (state != RunState.COMPLETE) {
      log.warn("run {} is {}, not COMPLETE, after {}", runId, state, timeout);
    }
    return state;
  }

  private static RunState stateOf(StreamsService service, String runId) {
    try {
      return service.runs().run(runId).map(run -> run.status().getState()).orElse(RunState.UNKNOWN);
    } catch (UnavailableException e) {
      return RunState.UNKNOWN;
    }
  }

  /**
   * The theme rollups trail the figure totals by a repartition hop; wait (briefly) until they count
   * every figure, so the final view agrees with the reconciliation.
   */
  private static void awaitThemes(
      StreamsService service, Scenario scenario, CountDownLatch interrupted)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && interrupted.getCount() > 0) {
      int complete =
          service.app().activeThemeTotals().stream()
              .filter(t -> t.getScenario().equals(scenario.name()))
              .mapToInt(t -> t.getFiguresComplete())
              .sum();
      if (complete >= scenario.figures().size()) {
        return;
      }
      interrupted.await(200, TimeUnit.MILLISECONDS);
    }
  }

  private static void waitFor(CompletableFuture<?> future, int seconds) {
    try {
      future.get(seconds, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // Still replaying: show progress again.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      // Reported by join() below.
    }
  }

  private static void awaitQuietly(CountDownLatch latch, int seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      log.debug("could not delete {}", dir, e);
    }
  }
}
