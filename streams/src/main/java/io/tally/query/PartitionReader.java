package io.tally.query;

import java.util.List;
import java.util.Set;

/** Reads partitions of a store from the active tasks of one instance (this one, or a peer). */
public interface PartitionReader {
  /**
   * The values of {@code store} in {@code partitions} that {@code selection} picks.
   *
   * @throws UnavailableException if any of the partitions is not active and running on that
   *     instance, or the instance does not answer
   */
  <V> List<V> read(StoreSpec<V> store, Set<Integer> partitions, Selection selection);
}
