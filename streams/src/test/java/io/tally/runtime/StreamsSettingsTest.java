package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.topology.TopologyConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where an instance tells the others it is: Kafka Streams' {@code application.server}. */
class StreamsSettingsTest {
  private static StreamsSettings settings(
      String httpHost, Optional<String> host, Optional<Integer> port, Map<String, String> kafka) {
    TallyStreamsConfig streams =
        TallyStreamsConfig.defaults("localhost:9092", Path.of("state")).withOverrides(kafka);
    return new StreamsSettings(
        streams,
        TopologyConfig.defaults(),
        httpHost,
        0,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Duration.ofSeconds(1),
        host,
        port);
  }

  @Test
  void advertisesTheBoundHostAndPortByDefault() {
    assertThat(
            settings("127.0.0.1", Optional.empty(), Optional.empty(), Map.of())
                .applicationServer(8081))
        .isEqualTo("127.0.0.1:8081");
  }

  @Test
  void aWildcardBindAdvertisesThisMachinesName() {
    String server =
        settings("0.0.0.0", Optional.empty(), Optional.empty(), Map.of()).applicationServer(8081);
    assertThat(server).endsWith(":8081").doesNotStartWith("0.0.0.0");
  }

  @Test
  void theAdvertisedHostAndPortWin() {
    assertThat(
            settings("0.0.0.0", Optional.of("tally-2.internal"), Optional.of(80), Map.of())
                .applicationServer(8081))
        .isEqualTo("tally-2.internal:80");
  }

  @Test
  void anExplicitKafkaPropertyWinsOverEverything() {
    assertThat(
            settings(
                    "0.0.0.0",
                    Optional.of("ignored"),
                    Optional.empty(),
                    Map.of("application.server", "proxy:9000"))
                .applicationServer(8081))
        .isEqualTo("proxy:9000");
  }

  @Test
  void theShortConstructorAdvertisesDefaults() {
    StreamsSettings settings =
        new StreamsSettings(
            TallyStreamsConfig.defaults("localhost:9092", Path.of("state")),
            TopologyConfig.defaults(),
            "127.0.0.1",
            0,
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Duration.ofSeconds(1));
    assertThat(settings.advertisedHost()).isEmpty();
    assertThat(settings.describe()).containsEntry("advertised.host", "default");
  }
}
