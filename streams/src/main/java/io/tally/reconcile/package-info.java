/**
 * Reconciliation: compares the figures a scenario states with the totals Tally aggregated (read
 * from the {@code tally-metric-totals} store through {@link io.tally.reconcile.TotalsView}) and
 * says, figure by figure, whether each is reproduced exactly; renders the result as a text table or
 * JSON. No Kafka here: the view is an interface, so it is tested with a map.
 */
package io.tally.reconcile;
