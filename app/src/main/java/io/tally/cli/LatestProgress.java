package io.tally.cli;

import io.tally.replay.ProgressListener;

/** Remembers how far a replay got, for a view that polls it from another thread. */
final class LatestProgress implements ProgressListener {
  private volatile long sent;
  private volatile long total;
  private volatile long eventTime = Long.MIN_VALUE;

  @Override
  public void progress(long sent, long total, long eventTime) {
    this.sent = sent;
    this.total = total;
    this.eventTime = eventTime;
  }

  long sent() {
    return sent;
  }

  long total() {
    return total;
  }

  /** The event time of the latest event sent, or {@link Long#MIN_VALUE} before the first. */
  long eventTime() {
    return eventTime;
  }
}
