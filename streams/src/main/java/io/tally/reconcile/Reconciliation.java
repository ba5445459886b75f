package io.tally.reconcile;

import io.tally.avro.MetricTotal;
import io.tally.topics.Keys;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares stated figures with aggregated totals. A figure is {@link ReconciliationStatus#PENDING}
 * while no total exists or not all its events are counted, then {@link ReconciliationStatus#EXACT}
 * if the total equals the stated figure numerically (whatever the scales) and {@link
 * ReconciliationStatus#MISMATCH} otherwise.
 */
public final class Reconciliation {
  private Reconciliation() {}

  /** The rows, in the order of {@code figures}, and their summary. */
  public record Result(List<ReconciliationRow> rows, Summary summary) {
    public Result {
      rows = List.copyOf(rows);
    }
  }

  /** How many figures are in each status. */
  public record Summary(int figures, int exact, int pending, int mismatched) {
    /** True when every figure is reproduced exactly (and there is at least one). */
    public boolean allExact() {
      return figures > 0 && exact == figures;
    }

    @Override
    public String toString() {
      return figures
          + " figures: "
          + exact
          + " exact, "
          + pending
          + " pending, "
          + mismatched
          + " mismatched";
    }
  }

  public static Result reconcile(List<ExpectedFigure> figures, TotalsView totals) {
    List<ReconciliationRow> rows = new ArrayList<>(figures.size());
    int exact = 0;
    int pending = 0;
    int mismatched = 0;
    for (ExpectedFigure figure : figures) {
      ReconciliationRow row = row(figure, totals.get(figure.metricKey()));
      rows.add(row);
      switch (row.status()) {
        case EXACT -> exact++;
        case PENDING -> pending++;
        case MISMATCH -> mismatched++;
      }
    }
    return new Result(rows, new Summary(rows.size(), exact, pending, mismatched));
  }

  /**
   * Every figure Tally knows of: the expected figures in their order, then the figures of any other
   * total (their expectation is what the total states), ordered by key.
   */
  public static Result reconcileAll(List<ExpectedFigure> figures, Collection<MetricTotal> totals) {
    Map<String, MetricTotal> byKey = new HashMap<>();
    for (MetricTotal total : totals) {
      byKey.put(Keys.metric(total.getScenario(), total.getTheme(), total.getMetric()), total);
    }
    List<ExpectedFigure> all = new ArrayList<>(figures);
    java.util.Set<String> expectedKeys = new java.util.HashSet<>();
    figures.forEach(f -> expectedKeys.add(f.metricKey()));
    byKey.entrySet().stream()
        .filter(e -> !expectedKeys.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .forEach(e -> all.add(ExpectedFigure.statedBy(e.getValue())));
    return reconcile(all, key -> Optional.ofNullable(byKey.get(key)));
  }

  static ReconciliationRow row(ExpectedFigure figure, Optional<MetricTotal> found) {
    if (found.isEmpty()
        || (figure.runId() != null && !figure.runId().equals(found.get().getRunId()))) {
      // Declared but not started (its key may still hold an earlier run's total).
      return new ReconciliationRow(figure, null, 0, figure.events(), ReconciliationStatus.PENDING);
    }
    MetricTotal total = found.get();
    BigDecimal aggregated = BigDecimal.valueOf(total.getValue(), total.getScale());
    ReconciliationStatus status;
    if (total.getEventsCounted() < total.getEventsInFigure()) {
      status = ReconciliationStatus.PENDING;
    } else if (aggregated.compareTo(figure.expected()) == 0) {
      status = ReconciliationStatus.EXACT;
    } else {
      status = ReconciliationStatus.MISMATCH;
    }
    return new ReconciliationRow(
        figure, aggregated, total.getEventsCounted(), total.getEventsInFigure(), status);
  }
}
