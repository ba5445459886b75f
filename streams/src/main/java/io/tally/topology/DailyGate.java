package io.tally.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decides, before an event is sent to the daily windows, whether its local day's window is still
 * open, exactly as Kafka's window aggregation would: a window {@code [start, end)} takes a record
 * while {@code end > observedStreamTime - grace}, where observed stream time is the largest record
 * timestamp the window processor has seen. Kafka drops a late record with only a log line and a
 * metric; deciding here instead sends it to {@code tally.late-events}.
 *
 * <p>The gate sees exactly the records the window processor sees (the local timestamps of counted
 * events it admits), so its stream time is the window processor's. Unlike the window processor's,
 * it is persisted in store {@code tally-daily-stream-time} (one entry per task; changelogged,
 * restored with the task), so the decision is the same after a restart or a rebalance. The window
 * processor restarts from no stream time, so it never drops what the gate admits.
 */
final class DailyGate {
  static final String STREAM_TIME_KEY = "stream-time";
  private static final long NO_TIMESTAMP = -1;

  private final KeyValueStore<String, Long> store;
  private final long graceMs;
  private long streamTime;

  DailyGate(KeyValueStore<String, Long> store, long graceMs) {
    this.store = store;
    this.graceMs = graceMs;
    Long stored = store.get(STREAM_TIME_KEY);
    this.streamTime = stored == null ? NO_TIMESTAMP : stored;
  }

  /**
   * Returns true, and advances stream time, if the window of {@code localTimestamp}'s day is open;
   * false if the event is late.
   */
  boolean admit(long localTimestamp) {
    long observed = Math.max(streamTime, localTimestamp);
    long windowEnd = (Math.floorDiv(localTimestamp, LocalDays.DAY_MS) + 1) * LocalDays.DAY_MS;
    if (windowEnd <= observed - graceMs) {
      return false;
    }
    if (observed > streamTime) {
      streamTime = observed;
      store.put(STREAM_TIME_KEY, observed);
    }
    return true;
  }
}
