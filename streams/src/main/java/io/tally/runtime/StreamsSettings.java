package io.tally.runtime;

import io.tally.reconcile.ExpectedFigure;
import io.tally.topology.TallyStreamsConfig;
import io.tally.topology.TopologyConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The typed configuration of a running streams service, built by the CLI.
 *
 * @param httpHost the interface the HTTP endpoints bind to
 * @param httpPort their port; 0 picks a free one
 * @param topicPartitions partitions of Tally's topics if this service creates them
 * @param topicReplication their replication factor; empty for the broker's default
 * @param expectedFigures the figures reconciliation lists (from the scenario files)
 * @param startupTimeout how long to wait for Kafka Streams to reach RUNNING
 */
public record StreamsSettings(
    TallyStreamsConfig streams,
    TopologyConfig topology,
    String httpHost,
    int httpPort,
    Optional<Integer> topicPartitions,
    Optional<Short> topicReplication,
    List<ExpectedFigure> expectedFigures,
    Duration startupTimeout) {

  /** The settings as a flat map for the start-up log (the CLI masks secrets). */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bootstrap.servers", streams.bootstrapServers());
    out.put("application.id", streams.applicationId());
    out.put("state.dir", streams.stateDir());
    out.put("replication.factor", streams.replicationFactor());
    out.put("num.standby.replicas", streams.standbyReplicas());
    out.put("daily.grace", topology.dailyGrace());
    out.put("max.event.time.skew", topology.maxEventTimeSkew());
    out.put("http", httpHost + ":" + httpPort);
    out.put("topic.partitions", topicPartitions.map(String::valueOf).orElse("broker default"));
    out.put("topic.replication", topicReplication.map(String::valueOf).orElse("broker default"));
    out.put("expected.figures", expectedFigures.size());
    streams.overrides().forEach((k, v) -> out.put("kafka." + k, v));
    return out;
  }
}
