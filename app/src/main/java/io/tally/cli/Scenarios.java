package io.tally.cli;

import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioException;
import io.tally.scenario.ScenarioLoader;

/** Loads a scenario for a command, turning a refusal into a {@link UserError}. */
final class Scenarios {
  private Scenarios() {}

  static Scenario load(String nameOrFile) {
    try {
      return ScenarioLoader.load(nameOrFile);
    } catch (ScenarioException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
