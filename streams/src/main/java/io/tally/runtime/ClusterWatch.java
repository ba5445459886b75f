package io.tally.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the cluster for its nodes every {@link #INTERVAL} from a daemon thread, with the app's
 * client settings, and tells {@link Readiness} each time a broker answers. Closed with the app.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);
  static final Duration INTERVAL = Duration.ofSeconds(5);

  private final Admin admin;
  private final ScheduledExecutorService timer;

  ClusterWatch(String bootstrapServers, Map<String, String> clientSettings, Readiness readiness) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-cluster-watch");
    int timeout = (int) INTERVAL.toMillis();
    settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    this.admin = Admin.create(settings);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tally-cluster-watch");
              t.setDaemon(true);
              return t;
            });
    // The task catches everything itself; close() stops it by shutting the timer down.
    var unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                admin
                    .describeCluster(new DescribeClusterOptions().timeoutMs(timeout))
                    .nodes()
                    .get(timeout + 1_000L, TimeUnit.MILLISECONDS);
                readiness.clusterAnswered();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                log.debug("the cluster did not answer: {}", e.toString());
              }
            },
            0,
            INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
