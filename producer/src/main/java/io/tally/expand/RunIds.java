package io.tally.expand;

import io.tally.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Run ids tell replays apart. By default a run id is derived from the scenario's content, the seed
 * and the events per figure, so running the same command again is the same run (and counts nothing
 * twice), while an edited scenario or another seed is a new run.
 */
public final class RunIds {
  private RunIds() {}

  public static String derive(Scenario scenario, long seed, int eventsPerFigure) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      String material = scenario.contentHash() + "|" + seed + "|" + eventsPerFigure;
      byte[] digest = sha.digest(material.getBytes(StandardCharsets.UTF_8));
      return scenario.name() + "-" + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  public static String resolve(Scenario scenario, ExpansionOptions options) {
    return options.runId() != null && !options.runId().isBlank()
        ? options.runId()
        : derive(scenario, options.seed(), options.eventsPerFigure());
  }
}
