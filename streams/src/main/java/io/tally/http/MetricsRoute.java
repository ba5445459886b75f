package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code GET /metrics}: Micrometer's Prometheus registry in the Prometheus text format, or in
 * OpenMetrics when the scraper asks for it in {@code Accept}, preceded by a {@link Prelude} (the
 * per-figure gauges). Both read the totals as they are at the moment of the scrape.
 */
public final class MetricsRoute implements TallyHttpServer.Route {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final Prelude prelude;
  // A scrape of 10,000 figures is several megabytes: start near the size of the last one.
  private volatile int lastSize = 1 << 16;

  /** Text written ahead of the registry's own: metric families that bypass the registry. */
  @FunctionalInterface
  public interface Prelude {
    Prelude NONE = (out, openMetrics) -> {};

    void writeTo(OutputStream out, boolean openMetrics) throws IOException;
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
    ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + lastSize / 8);
    prelude.writeTo(body, openMetrics);
    registry.scrape(body, contentType);
    lastSize = body.size();
    return new TallyHttpServer.Response(200, contentType, body.toByteArray());
  }
}
