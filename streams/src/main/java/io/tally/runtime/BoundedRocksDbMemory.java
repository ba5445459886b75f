package io.tally.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.jspecify.annotations.Nullable;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of the process: one block cache and one write buffer
 * manager, shared by all stores, instead of RocksDB's defaults per store (a 50 MB block cache and
 * up to three 16 MB memtables each, for each store and partition, which made the streams app's
 * resident memory grow past 1.5 GB at 10^7 events; see docs/performance.md). The memtables are
 * charged to the same cache, and the index and filter blocks are cached too, so {@link
 * #TOTAL_BYTES} bounds what the stores hold off the heap, whatever the number of partitions.
 *
 * <p>The approach of Kafka Streams' memory management guide. The size can be set with the Streams
 * property {@value #TOTAL_BYTES_CONFIG}.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  /** Streams property: bytes of off-heap memory for every RocksDB store of the process. */
  public static final String TOTAL_BYTES_CONFIG = "tally.rocksdb.memory.bytes";

  /** Default: 256 MiB for blocks, indexes, filters and memtables together. */
  public static final long TOTAL_BYTES = 256L << 20;

  // Half for memtables: a store's two 8 MiB memtables fit for every store of a few partitions;
  // with a smaller share the manager flushed memtables on nearly every write and RocksDB stalled
  // the stream thread on its L0 files (measured: 900 us of CPU per event, most of it in put).
  private static final double MEMTABLE_SHARE = 0.5;
  private static final double HIGH_PRIORITY_SHARE = 0.1;
  private static final long MEMTABLE_BYTES = 8L << 20;

  // Shared by every store and every Kafka Streams instance of the process, created once: closing
  // them with a store would pull them from under the others.
  private static @Nullable Cache cache;
  private static @Nullable WriteBufferManager writeBuffers;

  private static synchronized void init(long totalBytes) {
    if (cache == null) {
      cache = new LRUCache(totalBytes, -1, false, HIGH_PRIORITY_SHARE);
      writeBuffers = new WriteBufferManager((long) (totalBytes * MEMTABLE_SHARE), cache);
    }
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    init(totalBytes(configs));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(writeBuffers);
    options.setWriteBufferSize(MEMTABLE_BYTES);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  static long totalBytes(Map<String, Object> configs) {
    Object value = configs.get(TOTAL_BYTES_CONFIG);
    if (value == null) {
      return TOTAL_BYTES;
    }
    long bytes = Long.parseLong(value.toString().trim());
    if (bytes < (16L << 20)) {
      throw new IllegalArgumentException(
          TOTAL_BYTES_CONFIG + " must be at least 16777216 (16 MiB), got " + value);
    }
    return bytes;
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and write buffer manager are shared: they live as long as the process.
  }
}
