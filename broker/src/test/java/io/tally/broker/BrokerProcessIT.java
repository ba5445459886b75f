package io.tally.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs brokers in child JVMs: records survive a clean stop and a kill; a bad child is reported. */
class BrokerProcessIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  @Test
  void keepsRecordsAcrossStopAndRestartAndCanBeKilled(@TempDir Path dir) throws Exception {
    BrokerOptions options = BrokerOptions.defaults().withDataDir(dir.resolve("kafka"));
    BrokerProcess broker = BrokerProcess.start(options);
    try {
      assertThat(broker.isAlive()).isTrue();
      int port = broker.port();
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      assertThat(broker.options().port()).isEqualTo(port);
      assertThat(broker.dataDir()).isEqualTo(dir.resolve("kafka").toAbsolutePath());
      Clients.createTopic(broker.bootstrapServers(), "durable", 2);
      Clients.produce(broker.bootstrapServers(), "durable", "before", 5);

      int exitCode = broker.stop();
      assertThat(broker.isAlive()).isFalse();
      assertThat(exitCode).isEqualTo(143); // SIGTERM, handled by the shutdown hook

      broker = BrokerProcess.start(broker.options());
      assertThat(broker.port()).isEqualTo(port);
      Clients.produce(broker.bootstrapServers(), "durable", "after", 5);
      assertThat(
              Clients.consume(
                  broker.bootstrapServers(), "durable", "g", "read_uncommitted", 10, READ_TIMEOUT))
          .hasSize(10)
          .contains("before-0", "before-4", "after-0", "after-4");

      assertThat(broker.kill()).isEqualTo(137); // SIGKILL
      assertThat(broker.isAlive()).isFalse();

      // A killed broker restarts on its data too.
      broker = BrokerProcess.start(broker.options());
      assertThat(
              Clients.consume(
                  broker.bootstrapServers(), "durable", "g2", "read_uncommitted", 10, READ_TIMEOUT))
          .hasSize(10);
    } finally {
      broker.close();
    }
    assertThat(broker.isAlive()).isFalse();
  }

  @Test
  void reportsAChildThatCannotStart(@TempDir Path dir) {
    BrokerOptions bad =
        BrokerOptions.defaults()
            .withDataDir(dir)
            .withExtraProperty("num.network.threads", "not-a-number");
    assertThatThrownBy(() -> BrokerProcess.start(bad))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited before it was ready")
        .hasMessageContaining("num.network.threads");
  }
}
