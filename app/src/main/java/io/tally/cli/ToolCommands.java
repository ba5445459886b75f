package io.tally.cli;

import java.util.List;
import java.util.Set;

/**
 * Subcommands that are not part of Tally's runtime: the demo, the standalone broker and the
 * benchmark need an embedded Kafka broker (Scala, the broker's own jars) and Kafka's perf tools,
 * which {@code tally replay}, {@code tally streams} and {@code tally scenario} do not. Their jars
 * (the {@code tools} module and what it adds) live in the release archive's {@code lib/tools/},
 * which {@code bin/tally} puts on the class path only for those commands and for help; this
 * interface is how the CLI finds them ({@link java.util.ServiceLoader}) when they are there.
 */
public interface ToolCommands {
  /**
   * The names of the commands that come with the tools, for a clear error where they are absent.
   */
  Set<String> NAMES = Set.of("demo", "broker", "bench");

  /** The picocli command classes to add to {@code tally}, in the order help lists them. */
  List<Class<?>> commands();
}
