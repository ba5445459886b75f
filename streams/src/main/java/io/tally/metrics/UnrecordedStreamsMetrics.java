package io.tally.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Locale;
import java.util.Set;

/**
 * Leaves out of the registry the state-store metrics that Kafka Streams records only at {@code
 * metrics.recording.level=DEBUG} (put, get, range, flush and restore latencies and rates, RocksDB
 * statistics) while it runs at {@code INFO}: Micrometer's {@code KafkaStreamsMetrics} binds every
 * metric Kafka Streams registers, so they would be NaN or 0 forever, one series per store, task and
 * metric (4,341 of 5,805 Kafka Streams series at 10,000 figures, half of a {@code /metrics} scrape;
 * docs/performance.md). RocksDB's property-based metrics and the state updater's, recorded at
 * {@code INFO}, stay; at {@code DEBUG} or {@code TRACE} everything stays.
 */
public final class UnrecordedStreamsMetrics implements MeterFilter {
  private static final String STATE = "kafka_stream_state_";

  /** Recorded at INFO: the state updater's ratios and RocksDB's properties (KIP-607). */
  private static final Set<String> RECORDED_AT_INFO =
      Set.of(
          "num_immutable_mem_table",
          "cur_size_active_mem_table",
          "cur_size_all_mem_tables",
          "size_all_mem_tables",
          "num_entries_active_mem_table",
          "num_entries_imm_mem_tables",
          "num_deletes_active_mem_table",
          "num_deletes_imm_mem_tables",
          "mem_table_flush_pending",
          "num_running_flushes",
          "compaction_pending",
          "num_running_compactions",
          "estimate_pending_compaction_bytes",
          "total_sst_files_size",
          "live_sst_files_size",
          "num_live_versions",
          "block_cache_capacity",
          "block_cache_usage",
          "block_cache_pinned_usage",
          "estimate_num_keys",
          "estimate_table_readers_mem",
          "background_errors",
          "num_keys");

  private final boolean infoOnly;

  /**
   * @param recordingLevel Kafka Streams' {@code metrics.recording.level} (null: its INFO default)
   */
  public UnrecordedStreamsMetrics(String recordingLevel) {
    this.infoOnly =
        recordingLevel == null || "INFO".equals(recordingLevel.trim().toUpperCase(Locale.ROOT));
  }

  @Override
  public MeterFilterReply accept(Meter.Id id) {
    if (!infoOnly) {
      return MeterFilterReply.NEUTRAL;
    }
    String name = id.getName().replace('.', '_').replace('-', '_');
    if (!name.startsWith(STATE)) {
      return MeterFilterReply.NEUTRAL;
    }
    String metric = name.substring(STATE.length());
    return metric.startsWith("updater_") || RECORDED_AT_INFO.contains(metric)
        ? MeterFilterReply.NEUTRAL
        : MeterFilterReply.DENY;
  }
}
