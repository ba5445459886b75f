package io.tally.query;

/**
 * A query cannot be answered now without risking a wrong number: a partition it needs is migrating
 * between instances, its store is restoring, or the instance that owns it does not answer. The same
 * query succeeds once the rebalance is over, so callers should retry.
 */
public final class UnavailableException extends RuntimeException {
  public UnavailableException(String message) {
    super(message);
  }

  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
