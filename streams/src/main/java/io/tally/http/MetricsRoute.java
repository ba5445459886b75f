package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: Micrometer's Prometheus registry in the Prometheus text format, or in
 * OpenMetrics when the scraper asks for it in {@code Accept}. Gauges read from the state stores are
 * refreshed first, so a scrape shows the totals as they are now.
 */
public final class MetricsRoute implements TallyHttpServer.Route {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_TEXT =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final Runnable refresh;

  public MetricsRoute(PrometheusMeterRegistry registry, Runnable refresh) {
    this.registry = registry;
    this.refresh = refresh;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) {
    refresh.run();
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
    String contentType = openMetrics ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
    String body = registry.scrape(contentType);
    return new TallyHttpServer.Response(200, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
