package io.tally.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where option values come from when a flag is not given, in order of precedence: the environment
 * variable {@code TALLY_<OPTION>} (for {@code --bootstrap-servers}: {@code
 * TALLY_BOOTSTRAP_SERVERS}), then the properties file named by {@code TALLY_CONFIG} (key {@code
 * bootstrap-servers}), then the option's built-in default. Flags win over all of them. This and the
 * commands' options are the only places that read the environment.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
  private final Map<String, String> env;
  private final Properties file = new Properties();

  EnvironmentDefaults(Map<String, String> env) {
    this.env = env;
    String config = env.get("TALLY_CONFIG");
    if (config != null && !config.isBlank()) {
      Path path = Path.of(config);
      try (InputStream in = Files.newInputStream(path)) {
        file.load(in);
      } catch (IOException e) {
        throw new UserError("TALLY_CONFIG=" + config + ": cannot read: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return argSpec.defaultValue();
    }
    String name = option.longestName().replaceFirst("^-+", "");
    String fromEnv = env.get(envName(name));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    String fromFile = file.getProperty(name);
    return fromFile != null ? fromFile : argSpec.defaultValue();
  }

  static String envName(String optionName) {
    return "TALLY_" + optionName.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
