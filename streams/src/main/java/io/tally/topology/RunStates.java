package io.tally.topology;

import io.tally.avro.RunDeclaration;
import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import java.util.Optional;

/**
 * A run's state from what the run log declares and what has been counted:
 *
 * <ul>
 *   <li>{@code SUPERSEDED}: a newer run of its scenario has been declared;
 *   <li>{@code COMPLETE}: its completion is in the run log and every declared figure has counted
 *       the events declared;
 *   <li>{@code REPLAYING}: an event of it has been counted;
 *   <li>{@code DECLARED}: nothing counted yet.
 * </ul>
 *
 * A run of a log without declarations (event model v1) is REPLAYING while any figure is counted:
 * nothing says when it ends.
 */
public final class RunStates {
  private RunStates() {}

  /**
   * A run's status: its declaration, completion and counts taken together.
   *
   * @param progress the run's counts (from the run rollup), or null if nothing is counted
   */
  public static RunStatus evaluate(String runId, RunStatus progress, Declarations declarations) {
    RunStatus.Builder status =
        progress == null
            ? RunStatus.newBuilder(RunProgress.INSTANCE.empty()).setRunId(runId)
            : RunStatus.newBuilder(progress);
    Optional<RunDeclaration> run = declarations.run(runId);
    if (run.isEmpty()) {
      return status
          .setFigures(status.getFiguresStarted())
          .setEvents(status.getEventsCounted())
          .setState(RunState.REPLAYING)
          .build();
    }
    RunDeclaration declared = run.get();
    status
        .setScenario(declared.getScenario().getId())
        .setFigures(declared.getFigures())
        .setEvents(declared.getEvents())
        .setDeclaredAt(declared.getDeclaredAt())
        .setSupersededBy(null);
    Optional<RunDeclaration> newer = declarations.supersededBy(declared);
    if (newer.isPresent()) {
      return status.setState(RunState.SUPERSEDED).setSupersededBy(newer.get().getRunId()).build();
    }
    if (declarations.completion(runId).isPresent()
        && status.getFiguresCounted() >= declared.getFigures()) {
      return status.setState(RunState.COMPLETE).build();
    }
    return status
        .setState(status.getEventsCounted() > 0 ? RunState.REPLAYING : RunState.DECLARED)
        .build();
  }
}
