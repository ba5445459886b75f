package io.tally.cli;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Renders a command's effective configuration for the start-up log, with secrets masked. */
final class ConfigPrinter {
  private static final Pattern SECRET =
      Pattern.compile(".*(password|secret|jaas|token|credential|\\.key$|keystore\\.key).*");

  private ConfigPrinter() {}

  static boolean isSecret(String key) {
    return SECRET.matcher(key.toLowerCase(Locale.ROOT)).matches();
  }

  /** {@code key=value} lines, sorted, secret values shown as {@code [hidden]}. */
  static String render(Map<String, ?> config) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(config)
        .forEach(
            (k, v) ->
                out.append("\n  ")
                    .append(k)
                    .append(" = ")
                    .append(isSecret(k) ? "[hidden]" : String.valueOf(v)));
    return out.toString();
  }
}
