/**
 * Cluster-wide interactive queries on Tally's state stores. Several streams instances with the same
 * application id split the partitions; {@link io.tally.query.ClusterTotals} answers for every
 * figure from any of them: a key is read where its partition's <em>active</em> task lives (here, or
 * from that instance over HTTP), and "everything" is the union of each partition read exactly once
 * from its active owner. Whenever a partition has no running active owner (a rebalance, a restoring
 * store, an instance that does not answer) the query fails with {@link
 * io.tally.query.UnavailableException} rather than return a partial or stale number.
 */
package io.tally.query;
