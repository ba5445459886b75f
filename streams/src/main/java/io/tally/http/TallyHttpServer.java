package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams application's HTTP server (the JDK's own {@code HttpServer}: small, well kept, no
 * dependency). It only routes; each endpoint is a {@link Route}. A failing route answers 500 with
 * the error and is logged; it never takes the server down.
 */
public final class TallyHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TallyHttpServer.class);

  /** One endpoint: answers a GET with a response. */
  @FunctionalInterface
  public interface Route {
    Response handle(HttpExchange exchange) throws IOException;
  }

  /**
   * A response body, encoded once as UTF-8 so the length sent is the byte length, and any extra
   * headers (e.g. {@code Retry-After}).
   */
  public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public Response {
      headers = Map.copyOf(headers);
    }

    public Response(int status, String contentType, byte[] body) {
      this(status, contentType, body, Map.of());
    }

    /** This response with one more header. */
    public Response withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, contentType, body, more);
    }

    public static Response text(int status, String text) {
      return new Response(
          status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static Response json(int status, String json) {
      return new Response(
          status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final Route NOT_FOUND =
      exchange -> Response.text(404, "not found: " + exchange.getRequestURI().getPath() + "\n");

  private final HttpServer server;
  private final ExecutorService executor;

  private TallyHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving the routes (exact path to route, or a path ending in {@code /} to the route of
   * everything under it; any other path is 404) on host:port; port 0 picks a free one.
   */
  public static TallyHttpServer start(String host, int port, Map<String, Route> routes)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    routes.forEach((path, route) -> server.createContext(path, new Adapter(route)));
    server.createContext("/", new Adapter(NOT_FOUND));
    ExecutorService executor =
        // Enough threads that queries waiting on another instance leave room for that instance's
        // own requests to this one (those never wait on anyone).
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "tally-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    log.info(
        "HTTP endpoints on http://{}:{}/ ({})",
        host,
        server.getAddress().getPort(),
        routes.keySet());
    return new TallyHttpServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Adds a route to the running server (a path as in {@link #start}), e.g. once the port is known
   * and what the route serves exists; until then its path answers 404.
   */
  public void route(String path, Route route) {
    if (path.equals("/")) {
      // Replaces the 404 for every path no other route serves.
      server.removeContext("/");
    }
    server.createContext(path, new Adapter(route));
    log.debug("HTTP route {} added", path);
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  /** A route's path is exact; one that ends in {@code /} serves everything under it. */
  static boolean serves(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String context = exchange.getHttpContext().getPath();
    return context.endsWith("/") ? path.startsWith(context) : path.equals(context);
  }

  private record Adapter(Route route) implements HttpHandler {
    @Override
    public void handle(HttpExchange exchange) throws IOException {
      Response response;
      try {
        if (route == NOT_FOUND || !serves(exchange)) {
          // The JDK matches contexts by string prefix (/metrics would also answer /metricsfoo);
          // each route answers its own path only, whatever the method.
          response = NOT_FOUND.handle(exchange);
        } else if (!"GET".equals(exchange.getRequestMethod())
            && !"HEAD".equals(exchange.getRequestMethod())) {
          exchange.getResponseHeaders().set("Allow", "GET, HEAD");
          response = Response.text(405, "only GET is supported\n");
        } else {
          response = route.handle(exchange);
        }
      } catch (RuntimeException | IOException e) {
        log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        response = Response.text(500, "internal error: " + e.getMessage() + "\n");
      }
      try (OutputStream body = exchange.getResponseBody()) {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        // -1 means no body (sent as Content-Length: 0); the JDK reads 0 as "chunked, length
        // unknown".
        boolean noBody = head || response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
        if (!noBody) {
          body.write(response.body());
        }
      }
    }
  }
}
