package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request's query parameters, checked against what the endpoint takes: an unknown, repeated or
 * empty parameter is a 400 that names it, so a typo never silently widens a query.
 */
final class QueryParams {
  private final Map<String, String> values;

  private QueryParams(Map<String, String> values) {
    this.values = values;
  }

  static QueryParams parse(HttpExchange exchange, String... allowed) {
    return parse(exchange.getRequestURI().getRawQuery(), allowed);
  }

  static QueryParams parse(String rawQuery, String... allowed) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryParams(values);
    }
    List<String> names = List.of(allowed);
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (!names.contains(name)) {
        throw ApiError.badRequest(
            "unknown parameter \""
                + name
                + "\""
                + (names.isEmpty()
                    ? "; this endpoint takes none"
                    : "; this endpoint takes " + String.join(", ", names)));
      }
      if (value.isBlank()) {
        throw ApiError.badRequest("parameter " + name + " is empty");
      }
      if (values.put(name, value) != null) {
        throw ApiError.badRequest("parameter " + name + " is given more than once");
      }
    }
    return new QueryParams(values);
  }

  Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** An ISO date ({@code 2022-11-11}), if given. */
  Optional<LocalDate> date(String name) {
    return get(name)
        .map(
            text -> {
              try {
                return LocalDate.parse(text);
              } catch (DateTimeParseException e) {
                throw ApiError.badRequest(
                    "parameter " + name + " is not a date (YYYY-MM-DD): " + text);
              }
            });
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("malformed query string: " + e.getMessage());
    }
  }
}
