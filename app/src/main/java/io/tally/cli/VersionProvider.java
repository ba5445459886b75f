package io.tally.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code tally --version}: Tally's version and the Kafka and Avro it was built with. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/tally-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {
      "tally " + p.getProperty("version", "unknown"),
      "Apache Kafka " + p.getProperty("kafka", "?") + ", Apache Avro " + p.getProperty("avro", "?"),
      "Java " + System.getProperty("java.version")
    };
  }
}
