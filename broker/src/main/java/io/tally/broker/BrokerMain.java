package io.tally.broker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A command-line entry point that runs an {@link EmbeddedKafkaBroker} until the JVM is told to
 * stop; {@link BrokerProcess} runs it as a child JVM.
 *
 * <pre>
 * java -Xmx512m -cp CLASSPATH io.tally.broker.BrokerMain --port P --controller-port C --data-dir D
 *     [--partitions N] [--property NAME=VALUE]... [--parent-pid PID]
 * </pre>
 *
 * <p>Ports of 0 pick free ports. Once the broker is ready it prints exactly {@code Kafka broker
 * ready at 127.0.0.1:PORT} on standard output, then blocks; SIGTERM (or Ctrl-C) closes the broker
 * cleanly through a shutdown hook. With {@code --parent-pid} it also shuts down, cleanly, when that
 * process exits, so a test JVM that dies leaves no broker behind. It exits with status 2 on bad
 * arguments and 1 if the broker does not start.
 */
public final class BrokerMain {

  /** The start of the line printed once the broker is ready; the port follows. */
  public static final String READY_PREFIX =
      "Kafka broker ready at " + EmbeddedKafkaBroker.HOST + ":";

  private static final String USAGE =
      "usage: BrokerMain --port P --controller-port C --data-dir D [--partitions N]"
          + " [--property NAME=VALUE]... [--parent-pid PID]";

  private BrokerMain() {}

  /**
   * The parsed command line.
   *
   * @param options the broker options
   * @param parentPid the process whose exit stops the broker, 0 for none
   */
  record Arguments(BrokerOptions options, long parentPid) {}

  /**
   * Starts the broker and blocks until the JVM shuts down.
   *
   * @param args the command-line arguments (see the class documentation)
   * @throws InterruptedException if the main thread is interrupted while waiting
   */
  public static void main(String[] args) throws InterruptedException {
    Arguments arguments;
    try {
      arguments = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    EmbeddedKafkaBroker broker;
    try {
      broker = EmbeddedKafkaBroker.start(arguments.options());
    } catch (RuntimeException e) {
      System.err.println("Kafka broker failed to start: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "tally-broker-main-shutdown"));
    if (arguments.parentPid() > 0) {
      exitWhenGone(arguments.parentPid());
    }
    System.out.println(READY_PREFIX + broker.port());
    System.out.flush();
    new CountDownLatch(1).await();
  }

  /**
   * Parses the command line.
   *
   * @param args the arguments
   * @return what they say; {@code --data-dir} is required
   * @throws IllegalArgumentException on a missing, unknown or malformed argument
   */
  static Arguments parse(String... args) {
    BrokerOptions options = BrokerOptions.defaults();
    long parentPid = 0;
    boolean hasDataDir = false;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name);
      }
      String value = args[i + 1];
      switch (name) {
        case "--port" -> options = options.withPort(parseInt(name, value));
        case "--controller-port" -> options = options.withControllerPort(parseInt(name, value));
        case "--partitions" -> options = options.withDefaultPartitions(parseInt(name, value));
        case "--data-dir" -> {
          options = options.withDataDir(Path.of(value));
          hasDataDir = true;
        }
        case "--property" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException("--property needs NAME=VALUE: " + value);
          }
          options = options.withExtraProperty(value.substring(0, eq), value.substring(eq + 1));
        }
        case "--parent-pid" -> parentPid = parseLong(name, value);
        default -> throw new IllegalArgumentException("unknown argument: " + name);
      }
    }
    if (!hasDataDir) {
      throw new IllegalArgumentException("--data-dir is required");
    }
    return new Arguments(options, parentPid);
  }

  private static void exitWhenGone(long pid) {
    ProcessHandle.of(pid)
        .ifPresentOrElse(
            parent -> {
              // Nothing waits on it: the JVM ends inside the callback.
              var unused = parent.onExit().thenRun(() -> exitBecauseParentExited(pid));
            },
            () -> exitBecauseParentExited(pid));
  }

  private static void exitBecauseParentExited(long pid) {
    System.err.println("Parent process " + pid + " exited; stopping the Kafka broker");
    System.exit(0);
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number: " + value, e);
    }
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a number: " + value, e);
    }
  }
}
