package io.tally.runtime;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tally.avro.MetricTotal;
import io.tally.avro.RunDeclaration;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import io.tally.http.Api;
import io.tally.http.FiguresRoute;
import io.tally.http.HealthRoutes;
import io.tally.http.InternalStoresRoute;
import io.tally.http.LivePage;
import io.tally.http.MetricsRoute;
import io.tally.http.ReconciliationRoute;
import io.tally.http.RunsRoute;
import io.tally.http.SchemasRoute;
import io.tally.http.TallyHttpServer;
import io.tally.http.ThemesRoute;
import io.tally.http.TotalsRoute;
import io.tally.metrics.EventMetrics;
import io.tally.metrics.FigureMetrics;
import io.tally.metrics.UnrecordedStreamsMetrics;
import io.tally.query.ClusterTotals;
import io.tally.query.LocalStores;
import io.tally.query.PeerClient;
import io.tally.query.PeerProtocol;
import io.tally.query.StreamsPlacement;
import io.tally.query.TotalsQueries;
import io.tally.query.UnavailableException;
import io.tally.reconcile.ExpectedFigure;
import io.tally.reconcile.Reconciliation;
import io.tally.runs.FigureSeries;
import io.tally.runs.KeyedTotals;
import io.tally.runs.RunView;
import io.tally.topics.Keys;
import io.tally.topology.Declarations;
import io.tally.topology.RunStates;
import io.tally.topology.TallyTopology;
import io.tally.topology.ThemeDeclared;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams application with everything around it: Tally's topics, Kafka Streams, the Micrometer
 * Prometheus registry and its binders (Tally's, Kafka Streams client metrics, JVM and process), and
 * the HTTP endpoints: metrics, health, and the JSON API that answers for the whole application
 * (each key read from the instance that owns it). {@link #close()} takes them down in reverse order
 * within bounds.
 *
 * <p>The HTTP server binds first, so that its port is known before Kafka Streams starts and can be
 * advertised to the other instances as {@code application.server}.
 */
public final class StreamsService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

  /** How long this instance waits for another to connect and to answer a query. */
  static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  static final Duration PEER_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final StreamsSettings settings;
  private final PrometheusMeterRegistry registry;
  private final EventMetrics eventMetrics = new EventMetrics();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private TallyHttpServer http;
  private TallyStreamsApp app;
  private FigureMetrics figureMetrics;
  private ClusterTotals cluster;
  private HostInfo self;
  private ThemeDeclared themeDeclared;
  private final FigureSeries figureSeries = new FigureSeries();

  private StreamsService(StreamsSettings settings) {
    this.settings = settings;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Before any meter: a filter configured later would not see the meters already there.
    registry
        .config()
        .meterFilter(
            new UnrecordedStreamsMetrics(
                settings.streams().overrides().get(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG)));
    eventMetrics.bindTo(registry);
  }

  /** Creates topics, starts Kafka Streams and serves HTTP; fails fast with a clear error. */
  public static StreamsService start(StreamsSettings settings)
      throws InterruptedException, IOException {
    TallyStreamsApp.createTopics(
        settings.streams(),
        settings.topology().topics(),
        settings.topicPartitions(),
        settings.topicReplication());
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
    Map<String, TallyHttpServer.Route> early = new LinkedHashMap<>();
    early.put("/health/live", HealthRoutes.live());
    http = TallyHttpServer.start(settings.httpHost(), settings.httpPort(), early);
    String applicationServer = settings.applicationServer(http.port());
    Map<String, String> overrides = new HashMap<>(settings.streams().overrides());
    overrides.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    app =
        new TallyStreamsApp(
            settings.streams().withOverrides(overrides), settings.topology(), eventMetrics);
    self = HostInfo.buildFromEndpoint(applicationServer);
    figureMetrics = new FigureMetrics(this::figureSeries, this::themeSeries, this::runSeries);
    bindMetrics();

    KafkaStreams streams = app.kafkaStreams();
    LocalStores local = new LocalStores(streams);
    PeerClient peers = new PeerClient(PEER_CONNECT_TIMEOUT, PEER_REQUEST_TIMEOUT);
    cluster = new ClusterTotals(new StreamsPlacement(streams), self, local, peers::at);
    Supplier<List<ExpectedFigure>> expected = this::expectedFigures;
    http.route("/metrics", new MetricsRoute(registry, figureMetrics::figureSeries));
    http.route("/health/ready", HealthRoutes.ready(app.readiness()::check));
    http.route("/api/", Api.unknownPath());
    http.route(TotalsRoute.PATH, Api.guarded(new TotalsRoute(cluster, expected)));
    TallyHttpServer.Route themes = Api.guarded(new ThemesRoute(cluster, expected));
    http.route(ThemesRoute.PATH, themes);
    http.route(ThemesRoute.PATH + "/", themes);
    TallyHttpServer.Route figures = Api.guarded(new FiguresRoute(cluster, expected));
    http.route(FiguresRoute.PATH, figures);
    http.route(FiguresRoute.PATH + "/", figures);
    http.route(
        "/api/v1/reconciliation", Api.guarded(new ReconciliationRoute(this::reconcileCluster)));
    TallyHttpServer.Route runs = Api.guarded(new RunsRoute(this::declarations, cluster));
    http.route(RunsRoute.PATH, runs);
    http.route(RunsRoute.PATH + "/", runs);
    TallyHttpServer.Route schemas = Api.guarded(new SchemasRoute());
    http.route(SchemasRoute.PATH, schemas);
    http.route(SchemasRoute.PATH + "/", schemas);
    http.route(PeerProtocol.PATH, Api.guarded(new InternalStoresRoute(local)));
    http.route("/", LivePage.page());
    http.route(LivePage.ASSETS, LivePage.assets());
    log.info("this instance is {} to the others (application.server)", applicationServer);
    app.start(settings.startupTimeout());
  }

  private void bindMetrics() {
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
    new JvmCompilationMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /**
   * The figures reconciliation lists: those the newest run of each scenario declares, then those of
   * the scenario files given to the service for scenarios no run declares.
   */
  public List<ExpectedFigure> expectedFigures() {
    return app.declarations()
        .map(d -> RunView.expected(d, settings.expectedFigures()))
        .orElse(settings.expectedFigures());
  }

  /** The run log; every instance holds all of it. */
  public Declarations declarations() {
    return app.declarations()
        .orElseThrow(
            () -> new UnavailableException("the run log is not queryable (" + app.state() + ")"));
  }

  /** Every run of the application, as {@code /api/v1/runs} shows them. */
  public RunView runs() {
    return new RunView(declarations(), cluster.runProgress());
  }

  /**
   * The per-figure series of this instance: the totals its active tasks hold, and the figures of
   * current runs not started yet whose metric key it owns (PENDING, 0 of their declared events).
   */
  private List<MetricTotal> figureSeries() {
    KeyedTotals active = app.activeMetricTotals();
    Optional<Declarations> declarations = app.declarations();
    if (declarations.isEmpty()) {
      return active.totals();
    }
    return figureSeries.of(
        active, declarations.get(), key -> app.holds(TallyTopology.METRIC_TOTALS_STORE, key, self));
  }

  /**
   * The theme rollups of this instance's active tasks, measured against what their runs declare.
   */
  private List<ThemeTotal> themeSeries() {
    List<ThemeTotal> active = app.activeThemeTotals();
    Optional<Declarations> declarations = app.declarations();
    if (declarations.isEmpty()) {
      return active;
    }
    ThemeDeclared declared = themeDeclared(declarations.get());
    return active.stream().map(declared::decorate).toList();
  }

  /** One memo of what runs declare of their themes, for every scrape of this application. */
  private synchronized ThemeDeclared themeDeclared(Declarations declarations) {
    if (themeDeclared == null) {
      themeDeclared = new ThemeDeclared(declarations);
    }
    return themeDeclared;
  }

  /** The current runs whose run rollup this instance owns, with their state. */
  private List<RunStatus> runSeries() {
    Optional<Declarations> declarations = app.declarations();
    if (declarations.isEmpty()) {
      return List.of();
    }
    Map<String, RunStatus> progress = new HashMap<>();
    app.activeRunProgress().forEach(p -> progress.put(p.getRunId(), p));
    List<RunStatus> runs = new ArrayList<>();
    for (RunDeclaration run : declarations.get().currentRuns()) {
      if (progress.containsKey(run.getRunId())
          || app.holds(TallyTopology.RUN_PROGRESS_STORE, run.getRunId(), self)) {
        runs.add(
            RunStates.evaluate(run.getRunId(), progress.get(run.getRunId()), declarations.get()));
      }
    }
    return runs;
  }

  /**
   * Reconciles the expected figures against the totals this instance's active tasks hold: with one
   * instance, every figure; with several, the others' figures are pending here (see {@link
   * #reconcileCluster()}).
   */
  public Reconciliation.Result reconcile() {
    return Reconciliation.reconcile(expectedFigures(), app::activeMetricTotal);
  }

  /**
   * Reconciles the expected figures against the totals of every instance of the application.
   *
   * @throws io.tally.query.UnavailableException while a partition has no running active owner
   */
  public Reconciliation.Result reconcileCluster() {
    Map<String, MetricTotal> byKey = new HashMap<>();
    for (MetricTotal total : cluster.metricTotals()) {
      byKey.put(Keys.metric(total.getScenario(), total.getTheme(), total.getMetric()), total);
    }
    return Reconciliation.reconcile(expectedFigures(), key -> Optional.ofNullable(byKey.get(key)));
  }

  /** The totals of the whole application, whichever instance holds them. */
  public TotalsQueries totals() {
    return cluster;
  }

  public TallyStreamsApp app() {
    return app;
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
    if (app != null) {
      app.close(Duration.ofSeconds(30));
    }
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
