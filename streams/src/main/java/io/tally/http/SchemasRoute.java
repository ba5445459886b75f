package io.tally.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tally.serde.SchemaCatalog;
import java.io.IOException;
import java.util.List;

/**
 * {@code GET /api/v1/schemas}: every schema Tally writes or has written (name, version, whether it
 * is current, the fingerprint as the 8 bytes of a single-object header in hex); {@code GET
 * /api/v1/schemas/{fingerprint}}: that schema's JSON. Every instance answers the same.
 */
public final class SchemasRoute implements TallyHttpServer.Route {
  public static final String PATH = "/api/v1/schemas";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) throws IOException {
    List<String> segments = RequestPath.segments(exchange, PATH);
    if (segments.isEmpty()) {
      ObjectNode body = Api.object();
      ArrayNode schemas = body.putArray("schemas");
      for (SchemaCatalog.Entry e : SchemaCatalog.all()) {
        schemas
            .addObject()
            .put("name", e.schema().getFullName())
            .put("version", e.version())
            .put("current", e.current())
            .put("fingerprint", e.fingerprintHex())
            .put("href", PATH + "/" + e.fingerprintHex());
      }
      return Api.ok(body);
    }
    if (segments.size() == 1) {
      SchemaCatalog.Entry entry =
          SchemaCatalog.byFingerprint(segments.get(0))
              .orElseThrow(
                  () -> ApiError.notFound("no schema with fingerprint " + segments.get(0)));
      return Api.ok(JSON.readTree(entry.schema().toString()));
    }
    throw ApiError.notFound("no such API path: " + exchange.getRequestURI().getPath());
  }
}
