package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.testkit.Await;
import io.tally.topology.TopologyConfig;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A what-if scenario set in the future: its outputs and changelogs carry event times years ahead of
 * the broker's clock, which Kafka refuses by default ({@code message.timestamp.after.max.ms} is an
 * hour). Tally's topics accept them, and every figure still reconciles.
 */
class FutureScenarioIT {
  @Test
  void aScenarioSetInTheFutureReconciles(@TempDir Path dir) throws Exception {
    String bundled;
    try (InputStream in =
        ScenarioLoader.class.getResourceAsStream("/scenarios/double11-2022.yaml")) {
      bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Path file = dir.resolve("double11-2040.yaml");
    Files.writeString(
        file,
        bundled
            .replace("scenario: double11-2022", "scenario: double11-2040")
            .replace("\"2022-", "\"2040-")
            .replace("\"2021-", "\"2039-"));
    Scenario scenario = ScenarioLoader.loadFile(file);
    assertThat(scenario.campaign().start().getYear()).isEqualTo(2040);

    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(3));
        StreamsService service =
            StreamsService.start(
                new StreamsSettings(
                    TallyStreamsConfig.defaults(broker.bootstrapServers(), dir.resolve("state"))
                        .withApplicationId("tally-future-it")
                        .withReplicationFactor(1),
                    TopologyConfig.defaults(),
                    "127.0.0.1",
                    0,
                    Optional.of(3),
                    Optional.of((short) 1),
                    ExpectedFigures.of(scenario),
                    Duration.ofSeconds(60)))) {
      new ReplayJob(ReplaySettings.defaults(broker.bootstrapServers()))
          .run(new Expander(scenario, ExpansionOptions.defaults()), ProgressListener.NONE);
      Await.until(
          "every figure of the 2040 scenario reconciled",
          Duration.ofSeconds(120),
          service::reconcile,
          r -> r.summary().allExact(),
          r -> r.summary().toString());
      assertThat(service.app().isRunning()).isTrue();
    }
  }
}
