package io.tally.reconcile;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * One figure of the reconciliation.
 *
 * @param aggregated the aggregated value with its scale, or null when no total exists
 * @param eventsCounted events counted for the figure's current run (0 without a total)
 * @param eventsInFigure events the run announced (0 without a total)
 */
public record ReconciliationRow(
    ExpectedFigure figure,
    BigDecimal aggregated,
    int eventsCounted,
    int eventsInFigure,
    ReconciliationStatus status) {

  public BigDecimal expected() {
    return figure.expected();
  }

  public Optional<BigDecimal> aggregatedValue() {
    return Optional.ofNullable(aggregated);
  }
}
