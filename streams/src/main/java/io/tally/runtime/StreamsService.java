package io.tally.runtime;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tally.http.HealthRoutes;
import io.tally.http.MetricsRoute;
import io.tally.http.ReconciliationRoute;
import io.tally.http.TallyHttpServer;
import io.tally.metrics.EventMetrics;
import io.tally.metrics.FigureMetrics;
import io.tally.reconcile.Reconciliation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams application with everything around it: Tally's topics, Kafka Streams, the Micrometer
 * Prometheus registry and its binders (Tally's, Kafka Streams client metrics, JVM and process), and
 * the HTTP endpoints. {@link #close()} takes them down in reverse order within bounds.
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

  private final StreamsSettings settings;
  private final PrometheusMeterRegistry registry;
  private final EventMetrics eventMetrics = new EventMetrics();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final TallyStreamsApp app;
  private final FigureMetrics figureMetrics;
  private TallyHttpServer http;

  private StreamsService(StreamsSettings settings) {
    this.settings = settings;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    eventMetrics.bindTo(registry);
    this.app = new TallyStreamsApp(settings.streams(), settings.topology(), eventMetrics);
    this.figureMetrics = new FigureMetrics(app::activeMetricTotals, app::activeThemeTotals);
  }

  /** Creates topics, starts Kafka Streams and serves HTTP; fails fast with a clear error. */
  public static StreamsService start(StreamsSettings settings)
      throws InterruptedException, IOException {
    TallyStreamsApp.createTopics(
        settings.streams(), settings.topicPartitions(), settings.topicReplication());
    StreamsService service = new StreamsService(settings);
    try {
      service.startAll();
    } catch (InterruptedException | IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  private void startAll() throws InterruptedException, IOException {
    resources.add(eventMetrics);
    figureMetrics.bindTo(registry);
    resources.add(figureMetrics);
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(app.kafkaStreams());
    streamsMetrics.bindTo(registry);
    resources.add(streamsMetrics);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    resources.add(gc);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);

    Map<String, TallyHttpServer.Route> routes = new LinkedHashMap<>();
    routes.put("/metrics", new MetricsRoute(registry, figureMetrics::refresh));
    routes.put("/health/live", HealthRoutes.live());
    routes.put("/health/ready", HealthRoutes.ready(app::isRunning, () -> app.state().name()));
    routes.put("/api/v1/reconciliation", new ReconciliationRoute(this::reconcile));
    http = TallyHttpServer.start(settings.httpHost(), settings.httpPort(), routes);
    app.start(settings.startupTimeout());
  }

  /** Reconciles the expected figures against the totals this instance holds. */
  public Reconciliation.Result reconcile() {
    return Reconciliation.reconcile(settings.expectedFigures(), app::activeMetricTotal);
  }

  public TallyStreamsApp app() {
    return app;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The HTTP port actually bound. */
  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    if (http != null) {
      http.close();
    }
    app.close(Duration.ofSeconds(30));
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.warn("closing {} failed", resources.get(i), e);
      }
    }
    registry.close();
  }
}
