package io.tally.query;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance's active task holds which partition of a store. */
public interface Placement {
  /** The active owner of a key's partition. */
  record Owner(HostInfo host, int partition) {}

  /**
   * Which instance answers for {@code key} of {@code store}.
   *
   * @throws UnavailableException while the partition has no active owner (rebalancing)
   */
  Owner ownerOf(String store, String key);

  /**
   * Every partition of the store, grouped by its active owner; together they cover each partition
   * exactly once.
   *
   * @throws UnavailableException while any partition has no active owner (rebalancing)
   */
  Map<HostInfo, Set<Integer>> owners(String store);
}
