package io.tally.bench;

/** The benchmark cannot go on: a child failed, a phase timed out, totals did not reconcile. */
public final class BenchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BenchException(String message) {
    super(message);
  }

  public BenchException(String message, Throwable cause) {
    super(message, cause);
  }
}
