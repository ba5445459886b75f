package io.tally.cli;

import io.tally.broker.BrokerMain;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tally broker}: a standalone real Kafka KRaft broker on this machine, until Ctrl-C. */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description =
        "Start a single-node Apache Kafka broker (KRaft, loopback only) for a local multi-process"
            + " setup or tests; prints 'Kafka broker ready at 127.0.0.1:PORT' when it is ready.")
final class BrokerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "9092",
      description = "Client port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--controller-port",
      defaultValue = "0",
      description = "KRaft controller port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int controllerPort;

  @Option(
      names = "--partitions",
      defaultValue = "6",
      description = "Default partitions of new topics. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the broker keeps its log; kept across restarts. Default: a temporary directory,"
              + " removed at exit.")
  Path dataDir;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535 || controllerPort < 0 || controllerPort > 65535) {
      throw new UserError("--port and --controller-port must be between 0 and 65535");
    }
    StartupChecks.portFree("--port", "127.0.0.1", port);
    StartupChecks.portFree("--controller-port", "127.0.0.1", controllerPort);
    if (partitions < 1) {
      throw new UserError("--partitions must be at least 1, got " + partitions);
    }
    BrokerOptions options =
        BrokerOptions.defaults()
            .withPort(port)
            .withControllerPort(controllerPort)
            .withDefaultPartitions(partitions)
            .withDataDir(dataDir);
    EmbeddedKafkaBroker broker;
    try {
      broker = EmbeddedKafkaBroker.start(options);
    } catch (RuntimeException e) {
      throw new UserError("the broker did not start: " + e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  stopped.countDown();
                },
                "tally-broker-shutdown"));
    spec.commandLine().getOut().println(BrokerMain.READY_PREFIX + broker.port());
    spec.commandLine().getOut().printf("data in %s; Ctrl-C stops it%n", broker.dataDir());
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
