package io.tally.cli;

import java.util.Locale;
import java.util.Map;

/**
 * How log lines are written on stderr: {@code text} (ISO-8601 time with date and zone, level,
 * logger, message) or {@code json} (one JSON object per line, logback's own encoder). logback.xml
 * picks its appender from the system property {@value #PROPERTY}, so {@link TallyCli#main} sets it
 * from {@code --log-format} or {@code TALLY_LOG_FORMAT} before the first logger exists.
 */
enum LogFormat {
  TEXT,
  JSON;

  static final String PROPERTY = "tally.log.format";
  private static final String FLAG = "--log-format";

  /**
   * The format asked for: the flag (anywhere on the command line, as {@code --log-format json} or
   * {@code --log-format=json}) wins over {@code TALLY_LOG_FORMAT}; anything unknown is text here,
   * and picocli refuses it with a clear message when it parses the flag.
   */
  static LogFormat select(Map<String, String> env, String... args) {
    String chosen = env.get(EnvironmentDefaults.envName("log-format"));
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(FLAG) && i + 1 < args.length) {
        chosen = args[i + 1];
      } else if (args[i].startsWith(FLAG + "=")) {
        chosen = args[i].substring(FLAG.length() + 1);
      } else if (args[i].equals("--")) {
        break;
      }
    }
    return chosen != null && chosen.strip().toLowerCase(Locale.ROOT).equals("json") ? JSON : TEXT;
  }

  /** The value logback.xml reads: the name of the appender to use. */
  String appender() {
    return name().toLowerCase(Locale.ROOT);
  }
}
