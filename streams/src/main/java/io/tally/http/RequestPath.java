package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import java.util.Arrays;
import java.util.List;

/** The path segments of a request after a route's prefix, decoded ({@code %E7%BB%BF} → 绿). */
final class RequestPath {
  private RequestPath() {}

  /**
   * {@code /api/v1/themes/green} under {@code /api/v1/themes} is {@code [green]}; the prefix itself
   * (with or without a trailing slash) is {@code []}.
   *
   * @throws ApiError 404 if the path does not continue the prefix with whole, non-empty segments
   */
  static List<String> segments(HttpExchange exchange, String prefix) {
    return segments(exchange.getRequestURI().getPath(), prefix);
  }

  static List<String> segments(String path, String prefix) {
    if (!path.startsWith(prefix)) {
      throw ApiError.notFound("no such API path: " + path);
    }
    String rest = path.substring(prefix.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return List.of();
    }
    if (!rest.startsWith("/")) {
      throw ApiError.notFound("no such API path: " + path);
    }
    List<String> segments = Arrays.asList(rest.substring(1).split("/", -1));
    if (rest.endsWith("/")) {
      segments = segments.subList(0, segments.size() - 1);
    }
    if (segments.stream().anyMatch(String::isEmpty)) {
      throw ApiError.notFound("no such API path: " + path);
    }
    return List.copyOf(segments);
  }
}
