package io.tally.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts real in-process brokers: clients of every kind work against them, a data dir survives a
 * restart, a temporary one is deleted, and a startup timeout fails clearly.
 */
class EmbeddedKafkaBrokerIT {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  @Test
  void producesAndConsumesIdempotentlyAndTransactionallyThenDeletesItsTempDir() throws Exception {
    Path dataDir;
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(2))) {
      dataDir = broker.dataDir();
      String bootstrap = broker.bootstrapServers();
      assertThat(bootstrap).isEqualTo("127.0.0.1:" + broker.port());
      assertThat(broker.port()).isPositive().isNotEqualTo(broker.controllerPort());
      assertThat(dataDir).isDirectory();

      Clients.createTopic(bootstrap, "plain", 3);
      Clients.produce(bootstrap, "plain", "v", 10);
      assertThat(
              Clients.consume(bootstrap, "plain", "g-plain", "read_uncommitted", 10, READ_TIMEOUT))
          .containsExactlyInAnyOrderElementsOf(
              IntStream.range(0, 10).mapToObj(i -> "v-" + i).toList());

      Clients.createTopic(bootstrap, "tx", 1);
      try (KafkaProducer<String, String> producer =
          Clients.transactionalProducer(bootstrap, "tally-it-tx")) {
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 5; i++) {
          producer.send(new ProducerRecord<>("tx", "k", "committed-" + i));
        }
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "k", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "k", "committed-5"));
        producer.commitTransaction();
      }
      assertThat(Clients.consume(bootstrap, "tx", "g-tx", "read_committed", 6, READ_TIMEOUT))
          .containsExactly(
              "committed-0",
              "committed-1",
              "committed-2",
              "committed-3",
              "committed-4",
              "committed-5");

      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        assertThat(admin.listTopics().names().get()).contains("plain", "tx");
        assertThat(
                admin
                    .describeTopics(List.of("plain"))
                    .allTopicNames()
                    .get()
                    .get("plain")
                    .partitions())
            .hasSize(3);
      }
    }
    assertThat(dataDir).doesNotExist();
  }

  @Test
  void restartsOnTheSameDataDirAndKeepsItsRecords(@TempDir Path dir) throws Exception {
    Path dataDir = dir.resolve("kafka");
    BrokerOptions options = BrokerOptions.defaults().withDataDir(dataDir);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options)) {
      assertThat(broker.dataDir()).isEqualTo(dataDir.toAbsolutePath());
      Clients.createTopic(broker.bootstrapServers(), "kept", 1);
      Clients.produce(broker.bootstrapServers(), "kept", "first", 3);
    }
    assertThat(dataDir.resolve("logs/meta.properties")).exists();

    // New free ports: the formatted data dir does not tie the broker to its old ports.
    List<String> values = new ArrayList<>();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(options)) {
      Clients.produce(broker.bootstrapServers(), "kept", "second", 2);
      values.addAll(
          Clients.consume(
              broker.bootstrapServers(), "kept", "g-kept", "read_uncommitted", 5, READ_TIMEOUT));
    }
    assertThat(values).containsExactly("first-0", "first-1", "first-2", "second-0", "second-1");
    assertThat(dataDir).isDirectory();
  }

  @Test
  void failsClearlyWhenNotReadyInTimeAndCleansUp() {
    Throwable thrown =
        catchThrowable(
            () ->
                EmbeddedKafkaBroker.start(
                    BrokerOptions.defaults().withStartupTimeout(Duration.ofMillis(1))));
    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was not ready within PT0.001S");
    Matcher dir = Pattern.compile("data in (\\S+)\\)").matcher(thrown.getMessage());
    assertThat(dir.find()).as("message names the data dir: %s", thrown.getMessage()).isTrue();
    assertThat(Path.of(dir.group(1))).doesNotExist();
  }
}
