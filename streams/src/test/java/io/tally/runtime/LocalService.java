package io.tally.runtime;

import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.reconcile.ExpectedFigure;
import io.tally.topology.TopologyConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Test fixture: a streams service on a test broker as the integration tests run it: default
 * topology, replication 1, HTTP on a free loopback port, a minute to start.
 */
final class LocalService {
  private LocalService() {}

  /**
   * @param partitions partitions of Tally's topics
   * @param expected figures given as scenario files would give them (empty: only run declarations)
   */
  static StreamsService start(
      EmbeddedKafkaBroker broker,
      Path stateDir,
      String applicationId,
      int partitions,
      List<ExpectedFigure> expected)
      throws InterruptedException, IOException {
    return StreamsService.start(
        new StreamsSettings(
            TallyStreamsConfig.defaults(broker.bootstrapServers(), stateDir)
                .withApplicationId(applicationId)
                .withReplicationFactor(1),
            TopologyConfig.defaults(),
            "127.0.0.1",
            0,
            Optional.of(partitions),
            Optional.of((short) 1),
            expected,
            Duration.ofSeconds(60)));
  }
}
