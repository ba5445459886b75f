package io.tally.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The bench's baseline for "aggregate": a bare Kafka Streams app, in a child JVM like {@link
 * StreamsMain}, that counts the same events per key and nothing else: exactly_once_v2 at the same
 * commit interval (the default, 100 ms), {@code groupByKey().count()} into a cached persistent
 * (RocksDB) store, its changes written to an output topic as the record cache folds them. What
 * Kafka Streams itself reaches on this machine and broker, to measure Tally against.
 *
 * <p>Prints {@code BARE-STREAMS running-at=EPOCH_MS} once Kafka Streams runs; stops on SIGTERM.
 * Arguments: {@code BOOTSTRAP APPLICATION_ID STATE_DIR EVENT_TOPIC [KEY=VALUE...]}, the pairs being
 * Kafka Streams settings (the bench's {@code -S}).
 */
public final class BareStreamsMain {
  private BareStreamsMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println(
          "usage: BareStreamsMain BOOTSTRAP APPLICATION_ID STATE_DIR EVENT_TOPIC [KEY=VALUE...]");
      System.exit(2);
    }
    String bootstrap = args[0];
    String applicationId = args[1];
    String output = applicationId + "-counts";
    createOutputTopic(bootstrap, args[3], output);

    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(args[3], Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .groupByKey()
        .count(Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("bare-counts"))
        .toStream()
        .to(output, Produced.with(Serdes.String(), Serdes.Long()));

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(args[2]).toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }

    CountDownLatch running = new CountDownLatch(1);
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.RUNNING) {
            running.countDown();
          }
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  streams.close(Duration.ofSeconds(30));
                  stopped.countDown();
                }));
    streams.start();
    if (!running.await(3, TimeUnit.MINUTES)) {
      System.err.println("Kafka Streams did not reach RUNNING in 3 minutes: " + streams.state());
      System.exit(1);
    }
    System.out.println("BARE-STREAMS running-at=" + System.currentTimeMillis());
    System.out.flush();
    stopped.await();
  }

  /** The output topic, with as many partitions as the input (Kafka Streams does not create it). */
  private static void createOutputTopic(String bootstrap, String input, String output)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      int partitions =
          admin.describeTopics(List.of(input)).allTopicNames().get().get(input).partitions().size();
      try {
        admin.createTopics(List.of(new NewTopic(output, partitions, (short) 1))).all().get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }
}
