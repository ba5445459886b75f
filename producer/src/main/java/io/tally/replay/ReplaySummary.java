package io.tally.replay;

import java.time.Duration;

/**
 * What a replay did.
 *
 * @param events events acknowledged by the cluster
 * @param bytes serialized key and value bytes acknowledged
 * @param complete false when stopped early (Ctrl-C) or failed
 */
public record ReplaySummary(
    String runId, long events, long total, long bytes, Duration duration, boolean complete) {
  public double eventsPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? events : events / seconds;
  }

  /** One line for humans. */
  public String describe() {
    return String.format(
        "%s %d of %d events (%.1f MB) of run %s in %.1f s, %.0f events/s",
        complete ? "replayed" : "stopped after",
        events,
        total,
        bytes / 1e6,
        runId,
        duration.toMillis() / 1e3,
        eventsPerSecond());
  }
}
