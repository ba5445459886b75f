package io.tally.cli;

import io.tally.query.UnavailableException;
import io.tally.reconcile.ReconciliationTable;
import io.tally.runtime.ShutdownSignal;
import io.tally.runtime.StreamsService;
import io.tally.runtime.StreamsSettings;
import io.tally.runtime.TallyStreamsConfig;
import io.tally.scenario.Scenario;
import io.tally.topology.TopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tally streams}: fold the event log into totals, exactly once, and serve metrics. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description =
        "Run the Kafka Streams application (exactly_once_v2): totals per metric and theme, daily"
            + " totals, dead letters; Prometheus metrics, health and reconciliation over HTTP."
            + " Runs until Ctrl-C or SIGTERM.")
final class StreamsCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(StreamsCommand.class);

  @Mixin KafkaOptions kafka;
  @Mixin Flags flags;

  /** The options shared by {@code streams} and {@code demo}. */
  static final class Flags {
    @Option(
        names = "--application-id",
        defaultValue = TallyStreamsConfig.DEFAULT_APPLICATION_ID,
        description =
            "Kafka Streams application id (instances sharing it share the work). Default: ${DEFAULT-VALUE}.")
    String applicationId;

    @Option(
        names = "--state-dir",
        paramLabel = "DIR",
        description =
            "Where RocksDB keeps local state. Default: a directory under the system temp dir.")
    Path stateDir;

    @Option(
        names = "--metrics-port",
        defaultValue = "8080",
        description =
            "Port of /metrics, /health and /api (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int metricsPort;

    @Option(
        names = "--metrics-host",
        defaultValue = "127.0.0.1",
        description =
            "Interface the HTTP endpoints bind to; 0.0.0.0 for every interface (other instances"
                + " and Prometheus on other hosts need it). Default: ${DEFAULT-VALUE}.")
    String metricsHost;

    @Option(
        names = "--advertised-host",
        paramLabel = "HOST",
        description =
            "Host name the other instances reach this one's HTTP API at (Kafka Streams'"
                + " application.server). Default: --metrics-host, or this machine's name if that"
                + " is 0.0.0.0.")
    String advertisedHost;

    @Option(
        names = "--advertised-port",
        paramLabel = "PORT",
        description =
            "Port the other instances reach this one's HTTP API at, if not the bound port (behind"
                + " NAT or a container port mapping). Default: the bound --metrics-port.")
    Integer advertisedPort;

    @Option(
        names = "--replication-factor",
        defaultValue = "-1",
        description =
            "Replication of Tally's and internal topics; -1 for the broker's default. Default: ${DEFAULT-VALUE}.")
    short replicationFactor;

    @Option(
        names = "--standby-replicas",
        defaultValue = "0",
        description =
            "Warm copies of each store on other instances, so a failed instance's work resumes"
                + " without rebuilding its state. Default: ${DEFAULT-VALUE}.")
    int standbyReplicas;

    @Option(
        names = "--partitions",
        defaultValue = "6",
        description =
            "Partitions of Tally's topics if they are created. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(
        names = "--daily-grace",
        defaultValue = "1d",
        paramLabel = "DURATION",
        description =
            "How late (in event time) an event may be and still count in its day. Default: ${DEFAULT-VALUE}.")
    String dailyGrace;

    @Option(
        names = "--expect",
        paramLabel = "NAME|FILE",
        split = ",",
        defaultValue = "double11-2022",
        description = "Scenarios whose figures reconciliation lists. Default: ${DEFAULT-VALUE}.")
    List<String> expect;

    StreamsSettings settings(String bootstrapServers, java.util.Map<String, String> overrides) {
      try {
        Path dir =
            stateDir != null
                ? stateDir
                : Files.createDirectories(
                    Path.of(System.getProperty("java.io.tmpdir"), "tally-streams", applicationId));
        TallyStreamsConfig streams =
            TallyStreamsConfig.defaults(bootstrapServers, dir)
                .withApplicationId(applicationId)
                .withReplicationFactor(replicationFactor)
                .withStandbyReplicas(standbyReplicas)
                .withOverrides(overrides);
        TopologyConfig topology =
            TopologyConfig.defaults().withDailyGrace(Durations.parse("--daily-grace", dailyGrace));
        List<Scenario> scenarios = expect.stream().map(Scenarios::load).toList();
        return new StreamsSettings(
            streams,
            topology,
            metricsHost,
            metricsPort,
            Optional.of(partitions),
            replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor),
            ExpectedFigures.of(scenarios),
            Duration.ofMinutes(2),
            Optional.ofNullable(advertisedHost).filter(h -> !h.isBlank()),
            Optional.ofNullable(advertisedPort));
      } catch (java.io.IOException e) {
        throw new UserError("--state-dir: " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    StartupChecks.portFree("--metrics-port", flags.metricsHost, flags.metricsPort);
    StreamsSettings settings = flags.settings(kafka.bootstrapServers, kafka.clientProperties());
    log.info("tally streams configuration:{}", ConfigPrinter.render(settings.describe()));
    StartupChecks.reachCluster(
        kafka.bootstrapServers, kafka.clientProperties(), kafka.connectTimeout());
    try (ShutdownSignal signal = ShutdownSignal.install("tally-streams-shutdown");
        StreamsService service = start(settings)) {
      log.info(
          "running: metrics on http://{}:{}/metrics, totals on /api/v1/totals",
          settings.httpHost(),
          service.httpPort());
      signal.awaitStop();
      logReconciliation(service);
    }
    return 0;
  }

  /** Starts the service; a port taken since {@link StartupChecks#portFree} is still one line. */
  static StreamsService start(StreamsSettings settings) throws Exception {
    try {
      return StreamsService.start(settings);
    } catch (java.net.BindException e) {
      throw new UserError(
          "--metrics-port "
              + settings.httpPort()
              + ": cannot listen on "
              + settings.httpHost()
              + ":"
              + settings.httpPort()
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static void logReconciliation(StreamsService service) {
    try {
      log.info(
          "stopping; reconciliation of the whole application now:\n{}",
          ReconciliationTable.render(service.reconcileCluster()));
    } catch (UnavailableException e) {
      log.info(
          "stopping; the application's totals cannot be reconciled now ({}); of this instance:\n{}",
          e.getMessage(),
          ReconciliationTable.render(service.reconcile()));
    }
  }
}
