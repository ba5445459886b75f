package io.tally.topology;

import org.apache.kafka.common.serialization.Serde;

/**
 * A sum over metric totals, by a key of their own (a theme, a run): what {@link RollupPartials}
 * keeps for the metrics of one task and publishes as changes, and what the rollup's aggregate adds
 * up from every task's changes. Values are the rollup's published Avro records; a partial is
 * changed in place, the published ones are copies.
 */
interface Rollup<V> {
  /** The rollup key a metric's contribution counts under. */
  String key(Contribution contribution);

  /** A fresh, empty sum. */
  V empty();

  /** Adds ({@code sign} 1) or removes ({@code sign} -1) a contribution, in place. */
  void add(V partial, Contribution contribution, int sign);

  /** Whether the sum holds nothing (every count zero). */
  boolean isEmpty(V partial);

  /** A copy that later changes of {@code partial} do not touch. */
  V copy(V partial);

  /** What was added since {@code published}: the change to send. */
  V change(V current, V published);

  /** The rollup's aggregate: {@code total} with a task's change added. */
  V plus(String key, V change, V total);

  Serde<V> serde();
}
