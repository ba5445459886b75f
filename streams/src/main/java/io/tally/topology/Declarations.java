package io.tally.topology;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the run log says: runs, their figures and completions, as the global store {@code
 * tally-runs} loads them (every instance holds all of it) into a {@link RunLogIndex}. Used by the
 * topology's processors and by the queries and metrics of a running application.
 */
public final class Declarations {
  /** The name of the global store of the run log. */
  public static final String STORE = RunLogStore.STORE;

  private final RunLogIndex index;

  public Declarations(RunLogIndex index) {
    this.index = index;
  }

  /** The run's declaration, once the run log has it. */
  public Optional<RunDeclaration> run(String runId) {
    return index.declaration(runId);
  }

  /** The figure with that index in the run's declaration. */
  public Optional<FigureDeclaration> figure(String runId, int index) {
    return this.index.figure(runId, index);
  }

  /** Every figure the run declares, by index. */
  public List<FigureDeclaration> figures(String runId) {
    return index.figures(runId);
  }

  /** The run's completion, once the replay has written it. */
  public Optional<RunCompletion> completion(String runId) {
    return index.completion(runId);
  }

  /** Every declared run, oldest declaration first. */
  public List<RunDeclaration> runs() {
    return index.runs();
  }

  /**
   * The newest run of the same scenario declared after this one, if any: the newest declaration of
   * a scenario supersedes its other runs (the newest run to touch a figure owns its totals).
   */
  public Optional<RunDeclaration> supersededBy(RunDeclaration run) {
    RunDeclaration newest = null;
    for (RunDeclaration other : runs()) {
      if (!other.getRunId().equals(run.getRunId())
          && other.getScenario().getId().equals(run.getScenario().getId())
          && other.getDeclaredAt().isAfter(run.getDeclaredAt())) {
        newest = other;
      }
    }
    return Optional.ofNullable(newest);
  }

  /** The newest declared run of each scenario, oldest scenario first. */
  public List<RunDeclaration> currentRuns() {
    Map<String, RunDeclaration> current = new LinkedHashMap<>();
    for (RunDeclaration run : runs()) {
      // Oldest first: a later run of a scenario replaces the earlier and moves to the end.
      current.remove(run.getScenario().getId());
      current.put(run.getScenario().getId(), run);
    }
    return List.copyOf(current.values());
  }
}
