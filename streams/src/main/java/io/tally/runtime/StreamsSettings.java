package io.tally.runtime;

import io.tally.reconcile.ExpectedFigure;
import io.tally.topology.TopologyConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The typed configuration of a running streams service, built by the CLI.
 *
 * @param httpHost the interface the HTTP endpoints bind to
 * @param httpPort their port; 0 picks a free one
 * @param topicPartitions partitions of Tally's topics if this service creates them
 * @param topicReplication their replication factor; empty for the broker's default
 * @param expectedFigures the figures reconciliation lists (from the scenario files)
 * @param startupTimeout how long to wait for Kafka Streams to reach RUNNING
 * @param advertisedHost the host other instances reach this one's HTTP API at; empty for {@code
 *     httpHost}, or this machine's name if that is a wildcard address
 * @param advertisedPort the port they reach it at; empty for the port actually bound
 */
public record StreamsSettings(
    TallyStreamsConfig streams,
    TopologyConfig topology,
    String httpHost,
    int httpPort,
    Optional<Integer> topicPartitions,
    Optional<Short> topicReplication,
    List<ExpectedFigure> expectedFigures,
    Duration startupTimeout,
    Optional<String> advertisedHost,
    Optional<Integer> advertisedPort) {

  /** Settings that advertise the HTTP host and bound port (a single instance needs no more). */
  public StreamsSettings(
      TallyStreamsConfig streams,
      TopologyConfig topology,
      String httpHost,
      int httpPort,
      Optional<Integer> topicPartitions,
      Optional<Short> topicReplication,
      List<ExpectedFigure> expectedFigures,
      Duration startupTimeout) {
    this(
        streams,
        topology,
        httpHost,
        httpPort,
        topicPartitions,
        topicReplication,
        expectedFigures,
        startupTimeout,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Kafka Streams' {@code application.server}, {@code host:port}: where the other instances of the
   * application send queries for keys this one owns. A {@code --kafka-property
   * application.server=...} wins over the advertised host and port.
   */
  public String applicationServer(int boundPort) {
    String configured = streams.overrides().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
    if (configured != null) {
      return configured;
    }
    String host = advertisedHost.orElseGet(() -> wildcard(httpHost) ? localHostName() : httpHost);
    return host + ":" + advertisedPort.orElse(boundPort);
  }

  private static boolean wildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

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
    out.put("advertised.host", advertisedHost.orElse("default"));
    out.put("advertised.port", advertisedPort.map(String::valueOf).orElse("the bound port"));
    out.put("topic.partitions", topicPartitions.map(String::valueOf).orElse("broker default"));
    out.put("topic.replication", topicReplication.map(String::valueOf).orElse("broker default"));
    out.put("expected.figures", expectedFigures.size());
    streams.overrides().forEach((k, v) -> out.put("kafka." + k, v));
    return out;
  }
}
