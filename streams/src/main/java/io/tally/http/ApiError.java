package io.tally.http;

/**
 * A request the API refuses, with its HTTP status: thrown by routes, answered by {@link
 * Api#guarded} as a JSON error body.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String error;

  ApiError(int status, String error, String message) {
    super(message);
    this.status = status;
    this.error = error;
  }

  /** 404: no such theme, figure, scenario or path. */
  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  /** 400: a parameter is unknown, empty, repeated or malformed. */
  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public int status() {
    return status;
  }

  /** A short machine-readable code: {@code not_found}, {@code bad_request}. */
  public String error() {
    return error;
  }
}
