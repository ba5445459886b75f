package io.tally.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.EventId;
import io.tally.avro.FigureDeclaration;
import io.tally.avro.Observation;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.serde.RunLog;
import io.tally.serde.TallySerdes;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replays the bundled scenario into a real KRaft broker at max speed and reads the topic back with
 * a plain consumer: per figure the decoded events reproduce the figure exactly, ids are unique,
 * event times lie inside the figure's period, and the topic never expires.
 */
class ReplayIT {
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void bundledScenarioArrivesExactly() throws Exception {
    Scenario scenario = ScenarioLoader.load("double11-2022");
    Expander expander = new Expander(scenario, ExpansionOptions.defaults());
    ReplaySummary summary =
        new ReplayJob(ReplaySettings.defaults(broker.bootstrapServers()))
            .run(expander, ProgressListener.NONE);
    assertThat(summary.complete()).isTrue();
    assertThat(summary.events()).isEqualTo(expander.eventCount());

    Map<String, SpecificRecord> runLog = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : readAll(Topics.RUNS, scenario.figures().size() + 2)) {
      runLog.put(r.key(), RunLog.decode(Topics.RUNS, r.value()));
    }
    assertThat(runLog.get(RunLog.declarationKey(expander.runId())))
        .isInstanceOf(RunDeclaration.class);
    assertThat(runLog.get(RunLog.completionKey(expander.runId())))
        .isInstanceOf(RunCompletion.class);
    Map<Integer, FigureDeclaration> declared = new HashMap<>();
    for (int i = 0; i < scenario.figures().size(); i++) {
      declared.put(i, (FigureDeclaration) runLog.get(RunLog.figureKey(expander.runId(), i)));
    }

    List<ConsumerRecord<String, byte[]>> records =
        readAll(Topics.FIGURE_EVENTS, expander.eventCount());
    assertThat(records).hasSize((int) expander.eventCount());

    Set<EventId> ids = new HashSet<>();
    Map<String, List<Observation>> byFigure = new HashMap<>();
    Map<String, Integer> partitionOfFigure = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      Observation e = TallySerdes.observation().deserialize(r.topic(), r.value());
      FigureDeclaration f = declared.get(e.getFigure());
      assertThat(ids.add(e.getEventId())).as("unique id %s", e.getEventId()).isTrue();
      assertThat(r.key()).isEqualTo(Keys.metric(f.getScenario(), f.getTheme(), f.getMetric()));
      assertThat(partitionOfFigure.computeIfAbsent(f.getFigureId(), x -> r.partition()))
          .as("one partition per figure")
          .isEqualTo(r.partition());
      byFigure.computeIfAbsent(f.getFigureId(), x -> new ArrayList<>()).add(e);
    }
    for (Figure figure : scenario.figures()) {
      List<Observation> events = byFigure.get(figure.id());
      assertThat(events).as(figure.id()).hasSize(expander.eventCount(figure.id()));
      long start = figure.period().startIn(scenario.timeZone()).toEpochMilli();
      long end = figure.period().endIn(scenario.timeZone()).toEpochMilli();
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).getSequence()).as("in order within the partition").isEqualTo(i);
        assertThat(events.get(i).getEventTime().toEpochMilli()).isBetween(start, end);
      }
      Observation last = events.get(events.size() - 1);
      long reproduced =
          figure.kind() == Kind.COUNTER
              ? events.stream().mapToLong(Observation::getValue).sum()
              : last.getValue();
      assertThat(reproduced).as(figure.id()).isEqualTo(figure.unscaledValue());
    }

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FIGURE_EVENTS);
      var config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
      assertThat(config.get("retention.ms").value()).isEqualTo("-1");
      assertThat(
              admin
                  .describeTopics(List.of(Topics.FIGURE_EVENTS))
                  .allTopicNames()
                  .get()
                  .get(Topics.FIGURE_EVENTS)
                  .partitions())
          .hasSize(6);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, long expected) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.currentTimeMillis() + 30_000;
      while (all.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(all::add);
      }
    }
    return all;
  }
}
