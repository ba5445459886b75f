package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams application's HTTP server (the JDK's own {@code HttpServer}: small, well kept, no
 * dependency). It only routes; each endpoint is a {@link Route}. A failing route answers 500 with
 * the error and is logged; it never takes the server down.
 *
 * <p>It cannot be starved by slow or hostile clients: the JDK server reads each request on a worker
 * thread, so a request must arrive whole within {@link #MAX_REQUEST_TIME} (the connection is closed
 * otherwise), an idle connection is closed after {@link #IDLE_INTERVAL}, a response must be taken
 * within {@link #MAX_RESPONSE_TIME}, a request has at most {@link #MAX_REQUEST_HEADERS} headers of
 * at most {@link #MAX_REQUEST_HEADER_BYTES} bytes and its body is never read (only GET and HEAD are
 * served), and {@link #WORKERS} workers serve requests. These are the JDK's {@code
 * sun.net.httpserver.*} system properties, set here unless the JVM was started with them. Bodies of
 * 1 KiB or more are gzip-encoded for clients that accept it (Prometheus does).
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

  /** Worker threads; a client's half-sent request holds one for at most MAX_REQUEST_TIME. */
  public static final int WORKERS = 64;

  public static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(5);
  public static final Duration MAX_RESPONSE_TIME = Duration.ofSeconds(60);
  public static final Duration IDLE_INTERVAL = Duration.ofSeconds(30);
  public static final int MAX_REQUEST_HEADERS = 100;
  public static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;
  static final int GZIP_MIN_BYTES = 1024;

  static {
    // Read once by the JDK when its server implementation loads: before the first server starts.
    defaultProperty("sun.net.httpserver.maxReqTime", MAX_REQUEST_TIME.toSeconds());
    defaultProperty("sun.net.httpserver.maxRspTime", MAX_RESPONSE_TIME.toSeconds());
    defaultProperty("sun.net.httpserver.idleInterval", IDLE_INTERVAL.toSeconds());
    defaultProperty("sun.net.httpserver.maxReqHeaders", MAX_REQUEST_HEADERS);
    defaultProperty("sun.net.httpserver.maxReqHeaderSize", MAX_REQUEST_HEADER_BYTES);
    defaultProperty("sun.net.httpserver.maxIdleConnections", WORKERS);
  }

  private static void defaultProperty(String name, long value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, String.valueOf(value));
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
    // Enough threads that queries waiting on another instance leave room for that instance's
    // own requests to this one (those never wait on anyone), and that slow clients, each cut off
    // after MAX_REQUEST_TIME, leave room for everyone else; idle threads end.
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "tally-http");
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
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

  /** Whether the client's {@code Accept-Encoding} takes gzip (and does not refuse it). */
  public static boolean acceptsGzip(HttpExchange exchange) {
    for (String header : exchange.getRequestHeaders().getOrDefault("Accept-Encoding", List.of())) {
      for (String coding : header.split(",", -1)) {
        String[] parts = coding.strip().split(";", -1);
        if (parts[0].strip().equalsIgnoreCase("gzip")) {
          return !(parts.length > 1 && parts[1].replace(" ", "").matches("q=0(\\.0*)?"));
        }
      }
    }
    return false;
  }

  /**
   * The response gzip-encoded if the client accepts it and it is worth it (and not yet encoded).
   */
  private static Response gzipIfAccepted(HttpExchange exchange, Response response)
      throws IOException {
    if (response.headers().containsKey("Content-Encoding")
        || response.body().length < GZIP_MIN_BYTES
        || !acceptsGzip(exchange)) {
      return response;
    }
    return new Response(response.status(), response.contentType(), gzip(response.body()))
        .withHeader("Content-Encoding", "gzip")
        .withHeader("Vary", "Accept-Encoding");
  }

  public static byte[] gzip(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out, 64 * 1024)) {
      zip.write(body);
    }
    return out.toByteArray();
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
      response = gzipIfAccepted(exchange, response);
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
