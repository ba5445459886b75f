package io.tally.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to Kafka shares: where the cluster is and any client
 * property (TLS, SASL, tuning), from a properties file and/or repeated {@code --kafka-property}.
 */
final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      required = true,
      description =
          "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...] (env TALLY_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "A properties file of Kafka client settings, e.g. security.protocol, sasl.jaas.config,"
              + " ssl.truststore.location.")
  Path kafkaConfig;

  @Option(
      names = {"--kafka-property", "-K"},
      paramLabel = "KEY=VALUE",
      description = "A Kafka client setting; repeatable; wins over --kafka-config.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--connect-timeout",
      defaultValue = "15s",
      paramLabel = "DURATION",
      description =
          "How long to wait at start-up for the cluster to answer before giving up with exit code"
              + " 2. Default: ${DEFAULT-VALUE}.")
  String connectTimeout;

  Duration connectTimeout() {
    return Durations.parse("--connect-timeout", connectTimeout);
  }

  /** The client settings: the file's, then the flags'. */
  Map<String, String> clientProperties() {
    Map<String, String> all = new LinkedHashMap<>();
    if (kafkaConfig != null) {
      Properties file = new Properties();
      try (InputStream in = Files.newInputStream(kafkaConfig)) {
        file.load(in);
      } catch (IOException e) {
        throw new UserError(
            kafkaConfig + ": cannot read Kafka client settings: " + e.getMessage(), e);
      }
      file.stringPropertyNames().forEach(k -> all.put(k, file.getProperty(k)));
    }
    all.putAll(kafkaProperties);
    return all;
  }
}
