package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.RunDeclaration;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.serde.RunLog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunLogIndexTest {
  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  private final RunLogIndex index = new RunLogIndex();
  private final Declarations declarations = new Declarations(index);

  @Test
  void aRunIsKnownWithItsFiguresInOrderAndItsCompletion() {
    Expander run = run();
    declare(run, T0);

    assertThat(declarations.run(run.runId())).isPresent();
    assertThat(declarations.figures(run.runId()))
        .extracting(FigureDeclaration::getIndex)
        .containsExactly(0, 1, 2);
    assertThat(declarations.figure(run.runId(), 2)).isPresent();
    assertThat(declarations.completion(run.runId())).isEmpty();

    index.put(
        RunLog.completionKey(run.runId()),
        run.completion(new int[] {5, 5, 5}, T0.toEpochMilli(), T0));
    assertThat(declarations.completion(run.runId())).isPresent();
  }

  @Test
  void listsFollowEveryChange() {
    Expander run = run();
    List<FigureDeclaration> figures = run.figureDeclarations();
    index.put(RunLog.figureKey(run.runId(), 1), figures.get(1));
    assertThat(declarations.figures(run.runId())).hasSize(1);
    index.put(RunLog.figureKey(run.runId(), 0), figures.get(0));
    assertThat(declarations.figures(run.runId()))
        .extracting(FigureDeclaration::getIndex)
        .containsExactly(0, 1);
    index.delete(RunLog.figureKey(run.runId(), 0));
    assertThat(declarations.figures(run.runId()))
        .extracting(FigureDeclaration::getIndex)
        .containsExactly(1);

    assertThat(declarations.runs()).isEmpty();
    index.put(RunLog.declarationKey(run.runId()), run.declaration(T0));
    assertThat(declarations.runs())
        .extracting(RunDeclaration::getRunId)
        .containsExactly(run.runId());
    index.delete(RunLog.declarationKey(run.runId()));
    assertThat(declarations.runs()).isEmpty();
    assertThat(declarations.run(run.runId())).isEmpty();
  }

  @Test
  void theNewestRunOfAScenarioIsCurrentAndSupersedesTheOlder() {
    Expander first = run("run-1");
    Expander second = run("run-2");
    declare(first, T0);
    declare(second, T0.plusSeconds(60));

    assertThat(declarations.runs())
        .extracting(RunDeclaration::getRunId)
        .containsExactly(first.runId(), second.runId());
    assertThat(declarations.currentRuns())
        .extracting(RunDeclaration::getRunId)
        .containsExactly(second.runId());
    RunDeclaration older = declarations.run(first.runId()).orElseThrow();
    assertThat(declarations.supersededBy(older))
        .map(RunDeclaration::getRunId)
        .contains(second.runId());
  }

  @Test
  void aFigureFiledUnderAnotherRunsKeyIsIgnored() {
    Expander run = run("run-1");
    Expander other = run("run-2");
    index.put(RunLog.figureKey(other.runId(), 0), run.figureDeclarations().get(0));
    assertThat(declarations.figures(other.runId())).isEmpty();
    assertThat(declarations.figures(run.runId())).isEmpty();
  }

  private void declare(Expander run, Instant at) {
    for (FigureDeclaration f : run.figureDeclarations()) {
      index.put(RunLog.figureKey(run.runId(), f.getIndex()), f);
    }
    index.put(RunLog.declarationKey(run.runId()), run.declaration(at));
  }

  private static Expander run() {
    return run("run-1");
  }

  private static Expander run(String runId) {
    return new Expander(RunLogTopologyTest.scenario(), new ExpansionOptions(5, 20, runId));
  }
}
