package io.tally.cli;

/**
 * An error the user can fix (a bad flag value, an unreachable cluster, a refused scenario): printed
 * as one clear message, no stack trace, exit code 2.
 */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
