package io.tally.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@link BrokerOptions}, and the broker configuration and ports derived from them. */
class BrokerOptionsTest {

  @Test
  void defaultsPickFreePortsAndATempDir() {
    BrokerOptions options = BrokerOptions.defaults();
    assertThat(options.port()).isZero();
    assertThat(options.controllerPort()).isZero();
    assertThat(options.defaultPartitions()).isEqualTo(1);
    assertThat(options.dataDir()).isNull();
    assertThat(options.extraProperties()).isEmpty();
    assertThat(options.startupTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void withersChangeOneComponent() {
    BrokerOptions options =
        BrokerOptions.defaults()
            .withPort(1)
            .withControllerPort(2)
            .withDefaultPartitions(3)
            .withDataDir(Path.of("d"))
            .withExtraProperty("a", "1")
            .withExtraProperty("b", "2")
            .withExtraProperty("a", "3")
            .withStartupTimeout(Duration.ofSeconds(4));
    assertThat(options)
        .isEqualTo(
            new BrokerOptions(
                1, 2, 3, Path.of("d"), Map.of("a", "3", "b", "2"), Duration.ofSeconds(4)));
    assertThat(options.withExtraProperties(null).extraProperties()).isEmpty();
  }

  @Test
  void extraPropertiesAreCopied() {
    Map<String, String> extra = new HashMap<>(Map.of("a", "1"));
    BrokerOptions options = BrokerOptions.defaults().withExtraProperties(extra);
    extra.put("b", "2");
    assertThat(options.extraProperties()).containsOnlyKeys("a");
  }

  @Test
  void rejectsInvalidValues() {
    BrokerOptions d = BrokerOptions.defaults();
    assertThatThrownBy(() -> d.withPort(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withControllerPort(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withPort(5).withControllerPort(5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withDefaultPartitions(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withStartupTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> d.withStartupTimeout(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void brokerPropertiesSuitASingleNodeAndExtraPropertiesWin() {
    Properties props =
        EmbeddedKafkaBroker.brokerProperties(
            BrokerOptions.defaults()
                .withDefaultPartitions(4)
                .withExtraProperty("auto.create.topics.enable", "true"),
            9092,
            9093,
            Path.of("/data/logs"));
    assertThat(props)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.bootstrap.servers", "127.0.0.1:9093")
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("num.partitions", "4")
        .containsEntry("log.dirs", Path.of("/data/logs").toString())
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("share.coordinator.state.topic.replication.factor", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0")
        .containsEntry("auto.create.topics.enable", "true");
    assertThat(props.getProperty("listeners"))
        .isEqualTo("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
  }

  @Test
  void resolvesZeroPortsToDistinctFreePorts() {
    int[] ports = EmbeddedKafkaBroker.resolvePorts(0, 0);
    assertThat(ports[0]).isPositive().isNotEqualTo(ports[1]);
    assertThat(ports[1]).isPositive();
    assertThat(EmbeddedKafkaBroker.resolvePorts(1234, 0)[0]).isEqualTo(1234);
  }
}
