package io.tally.cli;

import java.util.Map;
import java.util.TreeMap;

/** Renders a command's effective configuration for the start-up log, with secrets masked. */
final class ConfigPrinter {
  private ConfigPrinter() {}

  static boolean isSecret(String key) {
    return SecretKeys.isSecret(key);
  }

  /** {@code key=value} lines, sorted, secret values shown as {@code [hidden]}. */
  static String render(Map<String, ?> config) {
    StringBuilder out = new StringBuilder();
    new TreeMap<>(config)
        .forEach(
            (k, v) -> out.append("\n  ").append(k).append(" = ").append(SecretKeys.show(k, v)));
    return out.toString();
  }
}
