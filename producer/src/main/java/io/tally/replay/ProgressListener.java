package io.tally.replay;

/** Hears how a replay advances; called from the replaying thread. */
public interface ProgressListener {
  /**
   * The replay sent more events.
   *
   * @param sent events handed to the producer so far
   * @param total events in the run
   * @param eventTime the event time of the latest event sent (epoch ms)
   */
  void progress(long sent, long total, long eventTime);

  /** The replay ended (completely or not). */
  default void finished(ReplaySummary summary) {}

  ProgressListener NONE = (sent, total, eventTime) -> {};
}
