package io.tally.testkit;

/** A child process failed, exited early or did not print what was awaited; says which and why. */
public final class ChildProcessException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ChildProcessException(String message) {
    super(message);
  }

  public ChildProcessException(String message, Throwable cause) {
    super(message, cause);
  }
}
