package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.MetricTotal;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.runs.FigureSeries;
import io.tally.runs.KeyedTotals;
import io.tally.runs.PendingFigure;
import io.tally.serde.RunLog;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FigureSeries}, here for the run log index it is fed from (filled package-privately). */
class FigureSeriesTest {
  private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");

  private final RunLogIndex index = new RunLogIndex();
  private final Declarations declarations = new Declarations(index);
  private final FigureSeries series = new FigureSeries();

  @Test
  void withoutARunTheActiveTotalsAreTheSeries() {
    Expander run = run("run-1");
    List<MetricTotal> active = List.of(counted(run.figureDeclarations().get(0)));
    assertThat(series.of(KeyedTotals.of(active), declarations, key -> true)).isSameAs(active);
  }

  @Test
  void figuresNotStartedArePendingWhereThisInstanceOwnsTheirKey() {
    Expander run = run("run-1");
    declare(run, T0);
    List<FigureDeclaration> figures = run.figureDeclarations();
    MetricTotal first = counted(figures.get(0));
    MetricTotal second = counted(figures.get(1));

    assertThat(series.of(KeyedTotals.of(List.of(first, second)), declarations, key -> true))
        .extracting(MetricTotal::getFigureId, MetricTotal::getEventsCounted)
        .containsExactly(
            tuple(figures.get(0), 5), tuple(figures.get(1), 5), tuple(figures.get(2), 0));
    // Another instance owns the third figure's key: it reports it there.
    assertThat(series.of(KeyedTotals.of(List.of(first, second)), declarations, key -> false))
        .containsExactly(first, second);
  }

  @Test
  void aTotalOfAnEarlierRunGivesWayToTheCurrentRunsFigure() {
    Expander earlier = run("run-1");
    Expander current = run("run-2");
    declare(earlier, T0);
    MetricTotal old = counted(earlier.figureDeclarations().get(0));
    assertThat(series.of(KeyedTotals.of(List.of(old)), declarations, key -> false))
        .containsExactly(old);

    // A new run of the scenario: the same lists are no longer current, the series follows.
    declare(current, T0.plusSeconds(60));
    assertThat(series.of(KeyedTotals.of(List.of(old)), declarations, key -> false))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getRunId()).isEqualTo(current.runId());
              assertThat(t.getEventsCounted()).isZero();
            });
  }

  private static org.assertj.core.groups.Tuple tuple(FigureDeclaration f, int counted) {
    return org.assertj.core.groups.Tuple.tuple(f.getFigureId(), counted);
  }

  private static MetricTotal counted(FigureDeclaration f) {
    MetricTotal t = PendingFigure.total(f);
    t.setEventsCounted(5);
    return t;
  }

  private void declare(Expander run, Instant at) {
    for (FigureDeclaration f : run.figureDeclarations()) {
      index.put(RunLog.figureKey(run.runId(), f.getIndex()), f);
    }
    index.put(RunLog.declarationKey(run.runId()), run.declaration(at));
  }

  private static Expander run(String runId) {
    return new Expander(RunLogTopologyTest.scenario(), new ExpansionOptions(5, 20, runId));
  }
}
