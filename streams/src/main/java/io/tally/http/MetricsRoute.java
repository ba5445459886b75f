package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /metrics}: Micrometer's Prometheus registry in the Prometheus text format, or in
 * OpenMetrics when the scraper asks for it in {@code Accept}. Collectors registered with the
 * registry (the per-figure gauges) read the totals as they are at the moment of the scrape.
 */
public final class MetricsRoute implements TallyHttpServer.Route {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  // A scrape of 10,000 figures is several megabytes: start near the size of the last one.
  private volatile int lastSize = 1 << 16;

  public MetricsRoute(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
    String contentType = openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    ByteArrayOutputStream body = new ByteArrayOutputStream(lastSize + lastSize / 8);
    registry.scrape(body, contentType);
    lastSize = body.size();
    return new TallyHttpServer.Response(200, contentType, body.toByteArray());
  }
}
