/**
 * Runs as the API and the metrics show them: the run log's declarations joined with the counts of
 * the run rollup.
 */
package io.tally.runs;
