package io.tally.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tally.query.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conventions of the JSON API ({@code /api/v1/...}): bodies are JSON objects; an error is
 * {@code {"status": 404, "error": "not_found", "message": "..."}} with the same status code; a
 * query that cannot be answered exactly while instances rebalance is a 503 with error {@code
 * unavailable}, a {@code Retry-After} header and {@code retryAfterSeconds} in the body.
 */
public final class Api {
  /** What {@code Retry-After} says when a key is migrating: a rebalance usually settles by then. */
  public static final int RETRY_AFTER_SECONDS = 2;

  private static final Logger log = LoggerFactory.getLogger(Api.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private Api() {}

  /** The route, with {@link ApiError} and {@link UnavailableException} answered as JSON errors. */
  public static TallyHttpServer.Route guarded(TallyHttpServer.Route route) {
    return exchange -> {
      try {
        return route.handle(exchange);
      } catch (ApiError e) {
        return error(e.status(), e.error(), e.getMessage());
      } catch (UnavailableException e) {
        log.info("{} answered 503: {}", exchange.getRequestURI(), e.getMessage());
        ObjectNode body = errorBody(503, "unavailable", e.getMessage());
        body.put("retryAfterSeconds", RETRY_AFTER_SECONDS);
        return json(503, body).withHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
      }
    };
  }

  /** A JSON 404 for every path under the API that no route serves. */
  public static TallyHttpServer.Route unknownPath() {
    return exchange ->
        error(404, "not_found", "no such API path: " + exchange.getRequestURI().getPath());
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static TallyHttpServer.Response ok(JsonNode body) {
    return json(200, body);
  }

  static TallyHttpServer.Response json(int status, JsonNode body) {
    try {
      return TallyHttpServer.Response.json(
          status, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serializes; this would be a Jackson bug.
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  static TallyHttpServer.Response error(int status, String error, String message) {
    return json(status, errorBody(status, error, message));
  }

  private static ObjectNode errorBody(int status, String error, String message) {
    return object().put("status", status).put("error", error).put("message", message);
  }
}
