package io.tally.reconcile;

/** Whether a figure has been reproduced. */
public enum ReconciliationStatus {
  /** Not every event of the figure has been counted yet (or none has). */
  PENDING,
  /** Every event counted, and the aggregated value equals the stated figure. */
  EXACT,
  /** Every event counted, and the aggregated value differs from the stated figure. */
  MISMATCH
}
