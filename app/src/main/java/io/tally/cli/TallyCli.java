package io.tally.cli;

import io.tally.scenario.ScenarioException;
import io.tally.serde.AvroTrust;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.kafka.common.KafkaException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code tally} command. User errors (bad input, unreachable or refusing clusters) are one
 * clear line on stderr and exit code 2; anything else is a bug and gets its stack trace.
 *
 * <p>The runtime's commands ({@code scenario}, {@code replay}, {@code streams}) are declared here;
 * {@code demo}, {@code broker} and {@code bench} are added when the tools' jars are on the class
 * path ({@link ToolCommands}). The hidden {@code generate-completion} prints the bash/zsh
 * completion script that the release archive ships.
 */
@Command(
    name = "tally",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Replay a report as Avro events into Kafka, fold them into totals with Kafka Streams,"
            + " watch them in Prometheus.",
    subcommands = {ScenarioCommand.class, ReplayCommand.class, StreamsCommand.class})
public final class TallyCli {
  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      description =
          "Log lines on stderr as text (default) or as one JSON object per line (also"
              + " TALLY_LOG_FORMAT).")
  LogFormat logFormat;

  private TallyCli() {}

  public static void main(String[] args) {
    // Before the first logger exists: logback.xml chooses its appender from this property.
    System.setProperty(LogFormat.PROPERTY, LogFormat.select(System.getenv(), args).appender());
    System.exit(run(System.getenv(), args));
  }

  /** Runs a command line and returns its exit code; the environment is passed in for tests. */
  public static int run(Map<String, String> env, String... args) {
    // Before any generated Avro record is copied or decoded (Avro 1.12.2 trusted packages).
    AvroTrust.register();
    CommandLine cli;
    try {
      cli = commandLine(env);
    } catch (UserError e) {
      System.err.println("tally: " + e.getMessage());
      return 2;
    }
    if (args.length > 0
        && ToolCommands.NAMES.contains(args[0])
        && !cli.getSubcommands().containsKey(args[0])) {
      System.err.printf(
          "tally %s: not part of this runtime (the image or a class path without lib/tools);"
              + " run it with bin/tally from the release archive%n",
          args[0]);
      return 2;
    }
    return cli.execute(args);
  }

  static CommandLine commandLine(Map<String, String> env) {
    CommandLine cli = new CommandLine(new TallyCli());
    // Subcommands first: the settings below reach only the subcommands that exist when set.
    for (ToolCommands tools : ServiceLoader.load(ToolCommands.class)) {
      tools.commands().forEach(cli::addSubcommand);
    }
    cli.addSubcommand(new AutoComplete.GenerateCompletion());
    cli.setDefaultValueProvider(new EnvironmentDefaults(env));
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  /**
   * Maps exceptions to exit codes: 2 with one line for the user's errors, 1 and a trace for bugs.
   */
  private static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
      Throwable userError = userError(e);
      if (userError != null) {
        cli.getErr().println("tally " + cli.getCommandName() + ": " + describe(userError));
        cli.getErr().flush();
        return 2;
      }
      e.printStackTrace(cli.getErr());
      return 1;
    }

    /**
     * The error's message, plus its root cause's when that says more: a TLS failure is reported by
     * Kafka as "SSL handshake failed", and only the root cause says why (e.g. an untrusted
     * certificate).
     */
    static String describe(Throwable error) {
      String message = String.valueOf(error.getMessage());
      Throwable root = error;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String cause =
          root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
      if (root == error || cause.isBlank() || message.contains(cause)) {
        return message;
      }
      return message + ": " + cause.strip();
    }

    private static Throwable userError(Throwable e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof UserError
            || t instanceof ScenarioException
            || t instanceof KafkaException) {
          return t;
        }
      }
      return null;
    }
  }
}
