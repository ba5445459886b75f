package io.tally.bench;

import io.tally.expand.Expander;
import io.tally.reconcile.ExpectedFigure;
import io.tally.runtime.ShutdownSignal;
import io.tally.runtime.StreamsService;
import io.tally.runtime.StreamsSettings;
import io.tally.runtime.TallyStreamsConfig;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.topology.TopologyConfig;
import io.tally.topology.TopologyConfig.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bench's side A of "aggregate", in a child JVM so that its memory is its own: what {@code
 * tally streams} runs (the same {@link StreamsService}: exactly_once_v2, the topology, metrics and
 * HTTP), reading a given event topic, with the scenario's figures as reconciliation's expectations.
 * Prints {@code TALLY-STREAMS http=PORT running-at=EPOCH_MS} once Kafka Streams runs; stops on
 * SIGTERM.
 *
 * <p>Arguments: {@code BOOTSTRAP APPLICATION_ID STATE_DIR EVENT_TOPIC SCENARIO_FILE
 * [KEY=VALUE...]}, the pairs being Kafka Streams settings (as {@code tally streams -K}).
 */
public final class StreamsMain {
  private StreamsMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println(
          "usage: StreamsMain BOOTSTRAP APPLICATION_ID STATE_DIR EVENT_TOPIC SCENARIO_FILE"
              + " [KEY=VALUE...]");
      System.exit(2);
    }
    Map<String, String> overrides = new HashMap<>();
    for (int i = 5; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    TallyStreamsConfig streams =
        TallyStreamsConfig.defaults(args[0], Path.of(args[2]))
            .withApplicationId(args[1])
            .withReplicationFactor(1)
            .withStandbyReplicas(0)
            .withOverrides(overrides);
    TopologyConfig topology =
        TopologyConfig.defaults().withTopics(TopicNames.defaults().withFigureEvents(args[3]));
    Scenario scenario = ScenarioLoader.loadFile(Path.of(args[4]));
    StreamsSettings settings =
        new StreamsSettings(
            streams,
            topology,
            "127.0.0.1",
            0,
            Optional.of(6),
            Optional.of((short) 1),
            expected(scenario),
            Duration.ofMinutes(2));
    try (ShutdownSignal signal = ShutdownSignal.install("bench-streams-shutdown");
        StreamsService service = StreamsService.start(settings)) {
      System.out.printf(
          "TALLY-STREAMS http=%d running-at=%d%n", service.httpPort(), System.currentTimeMillis());
      System.out.flush();
      signal.awaitStop();
    }
  }

  /** The scenario's figures, as {@code tally streams --expect} lists them. */
  static List<ExpectedFigure> expected(Scenario s) {
    return Expander.declare(s).stream().map(ExpectedFigure::stated).toList();
  }
}
