package io.tally.cli;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.LoggerFactory;

/**
 * What a command checks before it starts anything, so that the commonest mistakes are one line and
 * exit code 2: a port that is already taken, a cluster that cannot be reached.
 */
final class StartupChecks {
  /**
   * Kafka clients log each failed connection attempt at WARN (a line per second or so); while the
   * cluster is first probed, the one-line answer of {@link #reachCluster} says it all.
   */
  private static final List<String> CONNECTION_LOGGERS =
      List.of(
          "org.apache.kafka.clients.NetworkClient",
          "org.apache.kafka.clients.ClusterConnectionStates",
          "org.apache.kafka.clients.admin.KafkaAdminClient");

  private StartupChecks() {}

  /**
   * Fails with one line naming the flag if host:port cannot be bound (port 0 always can).
   *
   * @throws UserError if the port is in use or the host is not an address of this machine
   */
  static void portFree(String flag, String host, int port) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new UserError(
          flag
              + " "
              + port
              + ": cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); is another process using it?");
    }
  }

  /**
   * Asks the cluster for its nodes, within the timeout, with the command's client settings (TLS,
   * SASL), so that an unreachable or refusing cluster is one line before anything starts.
   *
   * @throws UserError if no broker answers in time
   * @throws KafkaException if the cluster refuses (e.g. authentication)
   */
  static void reachCluster(
      String bootstrapServers, Map<String, String> clientProperties, Duration timeout)
      throws InterruptedException {
    Map<String, Object> settings = new HashMap<>(clientProperties);
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-startup-check");
    Map<String, Level> saved = quiet();
    try (Admin admin = Admin.create(settings)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(millis))
          .nodes()
          .get(millis + 1_000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw unreachable(bootstrapServers, timeout);
      }
      if (e.getCause() instanceof KafkaException kafka) {
        throw kafka;
      }
      throw new KafkaException(
          "cannot reach the Kafka cluster at " + bootstrapServers + ": " + e.getCause(), e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw unreachable(bootstrapServers, timeout);
    } finally {
      restore(saved);
    }
  }

  private static UserError unreachable(String bootstrapServers, Duration timeout) {
    return new UserError(
        "cannot reach the Kafka cluster at "
            + bootstrapServers
            + " within "
            + timeout.toMillis() / 1000.0
            + " s (--connect-timeout); is it running, and are the address and security settings"
            + " right?");
  }

  private static Map<String, Level> quiet() {
    Map<String, Level> saved = new HashMap<>();
    for (String name : CONNECTION_LOGGERS) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        saved.put(name, logger.getLevel());
        logger.setLevel(Level.ERROR);
      }
    }
    return saved;
  }

  private static void restore(Map<String, Level> saved) {
    saved.forEach(
        (name, level) ->
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(level));
  }
}
