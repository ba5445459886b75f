package io.tally.replay;

import io.tally.topics.Topics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a replay needs besides its events: one typed configuration, built by the CLI.
 *
 * @param partitions partitions of the event topic if Tally creates it; empty for the broker default
 * @param replicationFactor its replication factor; empty for the broker default
 * @param maxGap the longest wall-clock pause between two paced events (quiet stretches of event
 *     time are compressed to it)
 * @param clientProperties Kafka client settings (security, tuning) that win over Tally's
 */
public record ReplaySettings(
    String bootstrapServers,
    String topic,
    Optional<Integer> partitions,
    Optional<Short> replicationFactor,
    Speed speed,
    Duration maxGap,
    Map<String, String> clientProperties) {

  /** Without the client properties' values: they may hold passwords and keys. */
  @Override
  public String toString() {
    return "ReplaySettings[bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", speed="
        + speed
        + ", clientProperties="
        + new java.util.TreeSet<>(clientProperties.keySet())
        + " (values not shown)]";
  }

  public static ReplaySettings defaults(String bootstrapServers) {
    return new ReplaySettings(
        bootstrapServers,
        Topics.FIGURE_EVENTS,
        Optional.of(6),
        Optional.empty(),
        Speed.MAX,
        Duration.ofSeconds(2),
        Map.of());
  }

  public ReplaySettings withSpeed(Speed newSpeed) {
    return new ReplaySettings(
        bootstrapServers, topic, partitions, replicationFactor, newSpeed, maxGap, clientProperties);
  }

  /** The run log the replay declares and completes its runs in: the one of its event topic. */
  public String runsTopic() {
    return Topics.runsFor(topic);
  }

  /** The settings as a flat map, for the start-up log (the CLI masks secrets). */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bootstrap.servers", bootstrapServers);
    out.put("topic", topic);
    out.put("runs.topic", runsTopic());
    out.put("partitions", partitions.map(String::valueOf).orElse("broker default"));
    out.put("replication.factor", replicationFactor.map(String::valueOf).orElse("broker default"));
    out.put("speed", speed);
    out.put("max.gap", maxGap);
    clientProperties.forEach((k, v) -> out.put("kafka." + k, v));
    return out;
  }
}
