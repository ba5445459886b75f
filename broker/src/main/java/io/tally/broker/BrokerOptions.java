package io.tally.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to start a single-node Kafka broker: ports, default partition count, data directory, extra
 * broker properties and the startup timeout.
 *
 * <p>Start from {@link #defaults()} and adjust with the {@code with...} methods:
 *
 * <pre>{@code
 * BrokerOptions options = BrokerOptions.defaults().withDefaultPartitions(3).withDataDir(dir);
 * }</pre>
 *
 * @param port the client (PLAINTEXT) port on 127.0.0.1; 0 picks a free port
 * @param controllerPort the KRaft controller port on 127.0.0.1; 0 picks a free port
 * @param defaultPartitions the broker's {@code num.partitions}, used for topics created without a
 *     partition count
 * @param dataDir the directory holding the broker's configuration and logs; {@code null} means a
 *     temporary directory that is deleted when the broker is closed. A directory that already holds
 *     a formatted broker is reused as is (its records survive a restart).
 * @param extraProperties broker properties applied last, overriding Tally's defaults
 * @param startupTimeout how long to wait for the broker to answer an Admin client before giving up
 */
public record BrokerOptions(
    int port,
    int controllerPort,
    int defaultPartitions,
    Path dataDir,
    Map<String, String> extraProperties,
    Duration startupTimeout) {

  /** The number of partitions of a topic created without a partition count, by default. */
  public static final int DEFAULT_PARTITIONS = 1;

  /** How long {@link #defaults()} waits for a broker to start. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** Validates the options and makes {@code extraProperties} an immutable copy. */
  public BrokerOptions {
    checkPort("port", port);
    checkPort("controllerPort", controllerPort);
    if (port != 0 && port == controllerPort) {
      throw new IllegalArgumentException("port and controllerPort must differ: " + port);
    }
    if (defaultPartitions < 1) {
      throw new IllegalArgumentException(
          "defaultPartitions must be at least 1: " + defaultPartitions);
    }
    extraProperties = extraProperties == null ? Map.of() : Map.copyOf(extraProperties);
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    if (startupTimeout.isNegative() || startupTimeout.isZero()) {
      throw new IllegalArgumentException("startupTimeout must be positive: " + startupTimeout);
    }
  }

  /**
   * Free ports, {@value #DEFAULT_PARTITIONS} default partition, a temporary data directory, no
   * extra properties and a 60 s startup timeout.
   *
   * @return the default options
   */
  public static BrokerOptions defaults() {
    return new BrokerOptions(0, 0, DEFAULT_PARTITIONS, null, Map.of(), DEFAULT_STARTUP_TIMEOUT);
  }

  /**
   * Returns these options with another client port.
   *
   * @param newPort the client port, 0 for a free one
   * @return the new options
   */
  public BrokerOptions withPort(int newPort) {
    return new BrokerOptions(
        newPort, controllerPort, defaultPartitions, dataDir, extraProperties, startupTimeout);
  }

  /**
   * Returns these options with another controller port.
   *
   * @param newControllerPort the controller port, 0 for a free one
   * @return the new options
   */
  public BrokerOptions withControllerPort(int newControllerPort) {
    return new BrokerOptions(
        port, newControllerPort, defaultPartitions, dataDir, extraProperties, startupTimeout);
  }

  /**
   * Returns these options with another default partition count ({@code num.partitions}).
   *
   * @param newDefaultPartitions the partition count, at least 1
   * @return the new options
   */
  public BrokerOptions withDefaultPartitions(int newDefaultPartitions) {
    return new BrokerOptions(
        port, controllerPort, newDefaultPartitions, dataDir, extraProperties, startupTimeout);
  }

  /**
   * Returns these options with another data directory.
   *
   * @param newDataDir the data directory, {@code null} for a temporary one deleted on close
   * @return the new options
   */
  public BrokerOptions withDataDir(Path newDataDir) {
    return new BrokerOptions(
        port, controllerPort, defaultPartitions, newDataDir, extraProperties, startupTimeout);
  }

  /**
   * Returns these options with the given extra broker properties, replacing the previous ones.
   *
   * @param newExtraProperties broker properties applied last
   * @return the new options
   */
  public BrokerOptions withExtraProperties(Map<String, String> newExtraProperties) {
    return new BrokerOptions(
        port, controllerPort, defaultPartitions, dataDir, newExtraProperties, startupTimeout);
  }

  /**
   * Returns these options with one more extra broker property (replacing one of the same name).
   *
   * @param name the broker property name
   * @param value its value
   * @return the new options
   */
  public BrokerOptions withExtraProperty(String name, String value) {
    Map<String, String> merged = new LinkedHashMap<>(extraProperties);
    merged.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return withExtraProperties(merged);
  }

  /**
   * Returns these options with another startup timeout.
   *
   * @param newStartupTimeout how long to wait for the broker to be ready, positive
   * @return the new options
   */
  public BrokerOptions withStartupTimeout(Duration newStartupTimeout) {
    return new BrokerOptions(
        port, controllerPort, defaultPartitions, dataDir, extraProperties, newStartupTimeout);
  }

  private static void checkPort(String name, int value) {
    if (value < 0 || value > 65535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535: " + value);
    }
  }
}
