package io.tally.runs;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.MetricTotal;
import io.tally.avro.RunDeclaration;
import io.tally.topics.Keys;
import io.tally.topology.Declarations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The per-figure series of an instance: the totals its active tasks hold, where a figure of a
 * current run replaces a total of another run on its metric key, and the figures of current runs
 * not started yet whose key the instance owns (PENDING, 0 of their declared events) after them.
 *
 * <p>Run at every scrape, for every figure: the current runs' figures by metric key are kept from
 * one scrape to the next for as long as the run log's lists are the same objects (its index keeps a
 * list until it changes), so a scrape looks each total up once and inserts nothing.
 */
public final class FigureSeries {
  private record Declared(
      List<RunDeclaration> runs,
      List<List<FigureDeclaration>> figures,
      Map<String, FigureDeclaration> byKey) {}

  private volatile Declared declared = new Declared(List.of(), List.of(), Map.of());

  /**
   * The series.
   *
   * @param keyed the totals of the instance's active tasks, with their metric keys
   * @param ownsKey whether the instance owns a metric key that holds no total yet
   */
  public List<MetricTotal> of(
      KeyedTotals keyed, Declarations declarations, Predicate<String> ownsKey) {
    List<MetricTotal> active = keyed.totals();
    Map<String, FigureDeclaration> byKey = declared(declarations).byKey();
    if (byKey.isEmpty()) {
      return active;
    }
    List<MetricTotal> series = new ArrayList<>(active.size() + 16);
    String[] declaredKeys = new String[active.size()];
    int matched = 0;
    for (int i = 0; i < declaredKeys.length; i++) {
      MetricTotal t = active.get(i);
      String key = keyed.keys().get(i);
      FigureDeclaration f = byKey.get(key);
      if (f == null) {
        series.add(t);
        continue;
      }
      declaredKeys[i] = key;
      matched++;
      series.add(f.getRunId().equals(t.getRunId()) ? t : PendingFigure.total(f));
    }
    if (matched < byKey.size()) {
      // Some figures have no total here: those this instance would own are PENDING.
      Set<String> held = new HashSet<>(matched * 2);
      for (String key : declaredKeys) {
        if (key != null) {
          held.add(key);
        }
      }
      for (Map.Entry<String, FigureDeclaration> e : byKey.entrySet()) {
        if (!held.contains(e.getKey()) && ownsKey.test(e.getKey())) {
          series.add(PendingFigure.total(e.getValue()));
        }
      }
    }
    return series;
  }

  private Declared declared(Declarations declarations) {
    List<RunDeclaration> runs = declarations.runs();
    Declared last = declared;
    if (last.runs() == runs && sameFigures(last, declarations)) {
      return last;
    }
    List<RunDeclaration> current = declarations.currentRuns();
    List<List<FigureDeclaration>> figures = new ArrayList<>(current.size());
    // In the order of the runs and of their figures: the order the series are written in.
    Map<String, FigureDeclaration> byKey = new LinkedHashMap<>();
    for (RunDeclaration run : current) {
      List<FigureDeclaration> declaredFigures = declarations.figures(run.getRunId());
      figures.add(declaredFigures);
      for (FigureDeclaration f : declaredFigures) {
        byKey.put(Keys.metric(f.getScenario(), f.getTheme(), f.getMetric()), f);
      }
    }
    Declared now = new Declared(runs, figures, byKey);
    declared = now;
    return now;
  }

  /** Whether every current run still has the very list of figures seen last time. */
  private static boolean sameFigures(Declared last, Declarations declarations) {
    List<RunDeclaration> current = declarations.currentRuns();
    if (current.size() != last.figures().size()) {
      return false;
    }
    for (int i = 0; i < current.size(); i++) {
      if (declarations.figures(current.get(i).getRunId()) != last.figures().get(i)) {
        return false;
      }
    }
    return true;
  }
}
