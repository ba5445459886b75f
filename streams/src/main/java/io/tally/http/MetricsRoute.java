package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /metrics}: Micrometer's Prometheus registry in the Prometheus text format, or in
 * OpenMetrics when the scraper asks for it in {@code Accept}, preceded by a {@link Prelude} (the
 * per-figure gauges). Both read the totals as they are at the moment of the scrape.
 *
 * <p>Scrapes that arrive while one of the same form (format and encoding) is being rendered share
 * its result: fifty concurrent scrapers cost one rendering and one copy of the text, not fifty. The
 * body is gzip-encoded when the scraper accepts it (Prometheus does), once per rendering, and only
 * the pieces of the prelude that changed since the last scrape are compressed again ({@link
 * PieceGzip}).
 */
public final class MetricsRoute implements TallyHttpServer.Route {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final Prelude prelude;
  // A scrape of 10,000 figures is several megabytes: start near the size of the last one.
  private volatile int lastSize = 1 << 16;
  private volatile int lastTailSize = 1 << 16;
  // Each format's pieces compressed at the last scrape, kept while they come again.
  private final PieceGzip textGzip = new PieceGzip();
  private final PieceGzip openMetricsGzip = new PieceGzip();
  // The rendering in progress for each form (openMetrics, gzip), shared by whoever asks meanwhile.
  private final ConcurrentHashMap<Integer, CompletableFuture<byte[]>> inFlight =
      new ConcurrentHashMap<>();

  /** Text written ahead of the registry's own: metric families that bypass the registry. */
  @FunctionalInterface
  public interface Prelude {
    Prelude NONE = openMetrics -> List.of();

    /**
     * The prelude's text, in pieces written one after the other. A piece given again as the very
     * same array must hold the same bytes: its compression is kept from one scrape to the next.
     */
    List<byte[]> pieces(boolean openMetrics);
  }

  public MetricsRoute(PrometheusMeterRegistry registry) {
    this(registry, Prelude.NONE);
  }

  /**
   * @param prelude written first; its families must not also be in the registry (OpenMetrics ends
   *     with the registry's {@code # EOF})
   */
  public MetricsRoute(PrometheusMeterRegistry registry, Prelude prelude) {
    this.registry = registry;
    this.prelude = prelude;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
    String contentType = openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    boolean gzip = TallyHttpServer.acceptsGzip(exchange);
    int form = (openMetrics ? 1 : 0) + (gzip ? 2 : 0);
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> shared = inFlight.putIfAbsent(form, mine);
    if (shared == null) {
      try {
        mine.complete(render(openMetrics, contentType, gzip));
      } catch (IOException | RuntimeException e) {
        mine.completeExceptionally(e);
        throw e;
      } finally {
        inFlight.remove(form, mine);
      }
      shared = mine;
    }
    byte[] body;
    try {
      body = shared.join();
    } catch (CompletionException e) {
      throw new IOException("the shared scrape failed: " + e.getCause().getMessage(), e);
    }
    TallyHttpServer.Response response = new TallyHttpServer.Response(200, contentType, body);
    return gzip
        ? response.withHeader("Content-Encoding", "gzip").withHeader("Vary", "Accept-Encoding")
        : response;
  }

  private byte[] render(boolean openMetrics, String contentType, boolean gzip) throws IOException {
    List<byte[]> pieces = prelude.pieces(openMetrics);
    if (!gzip) {
      ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + lastSize / 8);
      for (byte[] piece : pieces) {
        body.write(piece);
      }
      registry.scrape(body, contentType);
      lastSize = body.size();
      return body.toByteArray();
    }
    ByteArrayOutputStream tail = new ByteArrayOutputStream(lastTailSize + lastTailSize / 8);
    registry.scrape(tail, contentType);
    lastTailSize = tail.size();
    return (openMetrics ? openMetricsGzip : textGzip).gzip(pieces, tail.toByteArray());
  }
}
