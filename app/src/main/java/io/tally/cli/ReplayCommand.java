package io.tally.cli;

import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.replay.Speed;
import io.tally.scenario.Scenario;
import io.tally.topics.Topics;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tally replay}: replay a scenario's figures as events into a Kafka cluster. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description =
        "Replay a scenario's figures as timestamped Avro events into Kafka, as fast as possible"
            + " (backfill) or paced by event time (live). Running the same command again is the"
            + " same run: downstream counts nothing twice.")
final class ReplayCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ReplayCommand.class);

  @Mixin KafkaOptions kafka;
  @Mixin ExpansionFlags expansion;

  @Option(
      names = "--speed",
      defaultValue = "max",
      paramLabel = "FACTOR|max",
      description =
          "Event time per wall time: 86400 plays a day per second; max sends as fast as possible."
              + " Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(
      names = "--max-gap",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description =
          "Longest wall-clock pause between paced events (e.g. 2s, 500ms); quieter stretches are"
              + " compressed. Default: ${DEFAULT-VALUE}.")
  String maxGap;

  @Option(
      names = "--topic",
      defaultValue = Topics.FIGURE_EVENTS,
      description = "The event topic. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Partitions of the event topic if it is created. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(
      names = "--replication-factor",
      description =
          "Replication factor of the event topic if it is created. Default: the broker's.")
  Short replicationFactor;

  @Override
  // Java 17: console() is null exactly when the output is not a terminal.
  @SuppressWarnings("SystemConsoleNull")
  public Integer call() throws Exception {
    Scenario scenario = Scenarios.load(expansion.scenario);
    Expander expander = new Expander(scenario, expansion.options());
    ReplaySettings settings =
        new ReplaySettings(
            kafka.bootstrapServers,
            topic,
            Optional.of(partitions),
            Optional.ofNullable(replicationFactor),
            parseSpeed(speed),
            Durations.parse("--max-gap", maxGap),
            kafka.clientProperties());
    log.info("tally replay configuration:{}", ConfigPrinter.render(settings.describe()));
    StartupChecks.reachCluster(
        kafka.bootstrapServers, kafka.clientProperties(), kafka.connectTimeout());

    ReplayJob job = new ReplayJob(settings);
    CountDownLatch done = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              job.stop();
              try {
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tally-replay-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ReplaySummary summary =
          job.run(
              expander,
              new ConsoleProgress(System.console() != null, System.err, scenario.timeZone()));
      System.out.println(summary.describe());
      return summary.complete() ? 0 : 130;
    } finally {
      done.countDown();
    }
  }

  static Speed parseSpeed(String text) {
    try {
      return Speed.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UserError("--speed: " + e.getMessage(), e);
    }
  }

  /** Options that choose a scenario and how it expands; shared by replay and demo. */
  static final class ExpansionFlags {
    @Option(
        names = "--scenario",
        defaultValue = "double11-2022",
        paramLabel = "NAME|FILE",
        description = "A bundled scenario name or a scenario file. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(
        names = "--seed",
        defaultValue = "1",
        description = "Seed of the event placement and value split. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
        names = "--events-per-figure",
        defaultValue = "24",
        description = "Events per figure (fewer for small counters). Default: ${DEFAULT-VALUE}.")
    int eventsPerFigure;

    @Option(
        names = "--run-id",
        description =
            "Start a fresh run with this id; by default the run id is derived from the scenario,"
                + " seed and events per figure, so repeating a command repeats the run.")
    String runId;

    /** Run ids travel in every event and total: bounded like the scenario's own ids. */
    static final int MAX_RUN_ID_CHARS = 128;

    ExpansionOptions options() {
      if (runId != null && (runId.isBlank() || runId.length() > MAX_RUN_ID_CHARS)) {
        throw new UserError(
            "--run-id: from 1 to " + MAX_RUN_ID_CHARS + " characters, got " + runId.length());
      }
      try {
        return new ExpansionOptions(seed, eventsPerFigure, runId);
      } catch (IllegalArgumentException e) {
        throw new UserError("--events-per-figure: " + e.getMessage(), e);
      }
    }
  }
}
