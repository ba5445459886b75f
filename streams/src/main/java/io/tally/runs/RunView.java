package io.tally.runs;

import io.tally.avro.MetricTotal;
import io.tally.avro.RunDeclaration;
import io.tally.avro.RunStatus;
import io.tally.reconcile.ExpectedFigure;
import io.tally.reconcile.Reconciliation;
import io.tally.topology.Declarations;
import io.tally.topology.RunStates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runs of the whole application as people and dashboards see them: what the run log declares
 * (every instance holds it) with what the run rollup has counted (wherever it is held), each run's
 * state evaluated as the topology does ({@link RunStates}).
 */
public final class RunView {
  private final Declarations declarations;
  private final Map<String, RunStatus> progress = new HashMap<>();

  /**
   * @param progress the run rollup's counts of every run
   */
  public RunView(Declarations declarations, List<RunStatus> progress) {
    this.declarations = declarations;
    progress.forEach(p -> this.progress.put(p.getRunId(), p));
  }

  /** One run with its declaration (absent for a run of a log without declarations). */
  public record Run(RunStatus status, Optional<RunDeclaration> declaration) {}

  /** Every run: declared ones in declaration order, then undeclared ones that counted events. */
  public List<Run> runs() {
    Set<String> ids = new LinkedHashSet<>();
    declarations.runs().forEach(r -> ids.add(r.getRunId()));
    progress.keySet().stream().sorted().forEach(ids::add);
    List<Run> runs = new ArrayList<>();
    for (String id : ids) {
      run(id).ifPresent(runs::add);
    }
    return runs;
  }

  public Optional<Run> run(String runId) {
    Optional<RunDeclaration> declared = declarations.run(runId);
    RunStatus counted = progress.get(runId);
    if (declared.isEmpty() && (counted == null || counted.getFiguresStarted() == 0)) {
      return Optional.empty();
    }
    return Optional.of(new Run(RunStates.evaluate(runId, counted, declarations), declared));
  }

  /** The figures a run declares, each reconciled against its total of that run. */
  public Reconciliation.Result figures(String runId, Map<String, MetricTotal> totalsByKey) {
    List<ExpectedFigure> figures =
        declarations.figures(runId).stream().map(ExpectedFigure::declared).toList();
    return Reconciliation.reconcile(figures, key -> Optional.ofNullable(totalsByKey.get(key)));
  }

  /**
   * The figures reconciliation lists: every figure the newest run of each scenario declares, then
   * those {@code listed} (from scenario files) of scenarios no run declares.
   */
  public static List<ExpectedFigure> expected(
      Declarations declarations, List<ExpectedFigure> listed) {
    List<ExpectedFigure> out = new ArrayList<>();
    Set<String> declaredScenarios = new LinkedHashSet<>();
    for (RunDeclaration run : declarations.currentRuns()) {
      declaredScenarios.add(run.getScenario().getId());
      declarations.figures(run.getRunId()).stream().map(ExpectedFigure::declared).forEach(out::add);
    }
    listed.stream().filter(f -> !declaredScenarios.contains(f.scenario())).forEach(out::add);
    return out;
  }
}
