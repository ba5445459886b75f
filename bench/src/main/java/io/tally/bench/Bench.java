package io.tally.bench;

import io.tally.avro.FigureEvent;
import io.tally.avro.Observation;
import io.tally.bench.BenchReport.Latency;
import io.tally.bench.BenchReport.Pair;
import io.tally.bench.BenchReport.RecordSize;
import io.tally.bench.BenchReport.SizeResult;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplayProducer;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.replay.Speed;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.scenario.SyntheticScenario;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import io.tally.testkit.ChildProcess;
import io.tally.topics.Keys;
import io.tally.topics.TopicSetup;
import io.tally.topics.TopicSpec;
import io.tally.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code tally bench}: on one embedded broker, in one run, Tally against what Kafka's own perf
 * tools do on the same broker and data, in alternating A/B rounds:
 *
 * <ul>
 *   <li><b>produce</b>: ProducerPerformance with Tally's producer settings, average record size and
 *       key spread vs {@code tally replay --speed max} of a synthetic scenario ({@link
 *       ReplayMain}); records/s;
 *   <li><b>aggregate</b>: ConsumerPerformance reading the event topic vs the streams app
 *       (exactly_once_v2, {@link StreamsMain}) folding it until every figure reconciles; records/s
 *       from consuming's start (after joining the group) to the end;
 *   <li><b>scrape</b> and <b>memory</b> of the streams app holding every figure: time and bytes of
 *       {@code /metrics}, peak RSS (VmHWM), heap after a full GC;
 *   <li><b>growth</b>: all of the above at each scenario size;
 *   <li><b>end-to-end latency</b> at a paced rate well below saturation ({@link LatencyProbe}).
 * </ul>
 *
 * Every measured program runs in its own child JVM; this JVM holds the broker and the probes.
 */
public final class Bench {
  private static final Pattern REPLAYED =
      Pattern.compile("TALLY-REPLAY events=(\\d+) bytes=(\\d+) nanos=(\\d+)");
  private static final String EVENTS_TOPIC = "bench.events-";

  /**
   * Share of one core below which a JVM's JIT counts as settled for the latency phase. Tiered
   * compilation goes on at 0.1-0.2 of a core for minutes after the first minute or so (measured
   * here at 1,000 events/s): waiting for less would not end.
   */
  private static final double JIT_QUIET = 0.2;

  /** At most this many paced warm-up rounds of 10 s (2 with --quick). */
  private static final int PACED_WARM_UP_ROUNDS = 6;

  /** The latency phase's warm-up scenario, which the probe does not watch. */
  private static final String WARM_UP_SCENARIO = "bench-latency-warmup";

  private final BenchOptions options;
  private final PrintWriter console;
  private Workspace work;
  private String bootstrap;
  private Admin admin;
  private Map<String, Object> producerSettings;
  // A/B order alternates across every round of the run, sizes included.
  private int produceRounds;
  private int aggregateRounds;

  private Bench(BenchOptions options, PrintWriter console) {
    this.options = options;
    this.console = console;
  }

  /**
   * Runs every phase; progress goes to {@code console}.
   *
   * @throws BenchException if a phase fails (a child dies, totals do not reconcile)
   */
  public static BenchReport run(BenchOptions options, PrintWriter console)
      throws InterruptedException, IOException {
    return new Bench(options, console).run();
  }

  private BenchReport run() throws InterruptedException, IOException {
    long started = System.nanoTime();
    boolean temporary = options.workDir() == null;
    Path dir = temporary ? Files.createTempDirectory("tally-bench-") : options.workDir();
    work = new Workspace(dir, options.tallyHeap(), options.flightRecordings());
    say("work directory %s", dir);
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(6))) {
      bootstrap = broker.bootstrapServers();
      producerSettings = ReplayProducer.settings(bootstrap, Map.of());
      try (Admin client =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin = client;
        Map<Long, Path> scenarios = new HashMap<>();
        for (long size : options.sizes()) {
          scenarios.put(size, writeScenario(SyntheticScenario.of(options.figures(), epf(size))));
        }
        RecordSize record = recordSize(scenarios.get(options.headlineSize()));
        boolean throughput = options.phases().contains(BenchOptions.Phase.THROUGHPUT);
        say(
            "broker %s; Tally's event is %.0f B (key %.0f + value %.0f):"
                + " ProducerPerformance gets --record-size %d and %d random keys",
            bootstrap,
            record.total(),
            record.keyBytes(),
            record.valueBytes(),
            record.perfToolRecordSize(),
            options.figures());
        List<SizeResult> sizes = new ArrayList<>();
        if (throughput) {
          warmUp(record);
          for (long size : options.sizes()) {
            sizes.add(measureSize(size, scenarios.get(size), record));
          }
        }
        Latency latency =
            options.phases().contains(BenchOptions.Phase.LATENCY) ? measureLatency() : null;
        return new BenchReport(
            options.quick(),
            options.figures(),
            record,
            sizes,
            options.headlineSize(),
            latency,
            Duration.ofNanos(System.nanoTime() - started));
      }
    } finally {
      if (temporary) {
        Workspace.deleteRecursively(dir);
      }
    }
  }

  private int epf(long size) {
    return options.eventsPerFigure(size);
  }

  private Path writeScenario(SyntheticScenario synthetic) throws IOException {
    Path file = work.resolve(synthetic.name() + "-x" + synthetic.eventsPerFigure() + ".yaml");
    Files.writeString(file, synthetic.yaml(), StandardCharsets.UTF_8);
    return file;
  }

  /** Tally's average serialized key and value, from the scenario's first 20,000 events. */
  private RecordSize recordSize(Path scenarioFile) {
    Scenario scenario = load(scenarioFile);
    int epf = epf(options.headlineSize());
    Expander expander = new Expander(scenario, new ExpansionOptions(1, epf, null));
    Iterator<FigureEvent> events = expander.events();
    Iterator<Observation> observations = expander.observations();
    SingleObjectSerde<Observation> serde = TallySerdes.observation();
    long keys = 0;
    long values = 0;
    int n = 0;
    while (events.hasNext() && n < 20_000) {
      FigureEvent e = events.next();
      keys +=
          Keys.metric(e.getScenario(), e.getTheme(), e.getMetric())
              .getBytes(StandardCharsets.UTF_8)
              .length;
      values += serde.serialize(Topics.FIGURE_EVENTS, observations.next()).length;
      n++;
    }
    double key = (double) keys / n;
    double value = (double) values / n;
    // ProducerPerformance's keys are the decimal numbers 0..figures-1; its value makes up the rest.
    double toolKey = averageDigits(options.figures());
    return new RecordSize(key, value, (int) Math.max(1, Math.round(key + value - toolKey)));
  }

  static double averageDigits(int range) {
    long digits = 0;
    for (int i = 0; i < range; i++) {
      digits += Integer.toString(i).length();
    }
    return (double) digits / range;
  }

  /** One round of each producer, discarded: the broker's code paths get compiled. */
  private void warmUp(RecordSize record) throws InterruptedException, IOException {
    long records = Math.min(options.warmupRecords(), options.headlineSize());
    int figures = (int) Math.min(options.figures(), records);
    int epf = (int) Math.max(1, records / figures);
    SyntheticScenario synthetic = SyntheticScenario.of(figures, epf).withName("bench-warmup");
    Path file = writeScenario(synthetic);
    String tool = createTopic("bench.warmup-tool");
    PerfTools.produce(
        work,
        "warmup-producer-perf",
        bootstrap,
        tool,
        synthetic.eventCount(),
        record.perfToolRecordSize(),
        figures,
        producerSettings);
    String tally = "bench.warmup-replay";
    replay("warmup-replay", file, epf, tally, "bench-warmup");
    deleteTopics(List.of(tool, tally));
    say("warmed up the broker with %,d records of each producer", synthetic.eventCount());
  }

  private SizeResult measureSize(long size, Path scenarioFile, RecordSize record)
      throws InterruptedException, IOException {
    int rounds = size == options.headlineSize() ? options.headlineRounds() : 1;
    String events = EVENTS_TOPIC + size;
    List<Pair> produce = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      boolean toolFirst = produceRounds++ % 2 == 0;
      double tool = 0;
      double tally = 0;
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == toolFirst) {
          String topic = createTopic("bench.producer-perf-" + size + "-" + r);
          tool =
              PerfTools.produce(
                      work,
                      "producer-perf-" + size + "-" + r,
                      bootstrap,
                      topic,
                      size,
                      record.perfToolRecordSize(),
                      options.figures(),
                      producerSettings)
                  .recordsPerSecond();
          deleteTopics(List.of(topic));
        } else {
          // The first replay fills the event topic the aggregate phase reads; later ones are thrown
          // away (the same run again would be de-duplicated, but twice the records to read).
          String topic = r == 1 ? events : "bench.replay-" + size + "-" + r;
          tally = replay("replay-" + size + "-" + r, scenarioFile, epf(size), topic, "bench-" + r);
          if (r > 1) {
            deleteTopics(List.of(topic));
          }
        }
      }
      produce.add(new Pair(r, toolFirst, tool, tally));
      say(
          "produce %,d events, round %d: ProducerPerformance %,.0f/s, replay %,.0f/s: %.2fx",
          size, r, tool, tally, tally / tool);
    }

    List<Pair> aggregate = new ArrayList<>();
    List<Pair> versusBare = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    List<Double> bareCpu = new ArrayList<>();
    Measured last = null;
    for (int r = 1; r <= rounds; r++) {
      boolean toolFirst = aggregateRounds++ % 2 == 0;
      // The bare Streams app runs right before Tally's in one round and right after in the next.
      boolean bareFirst = toolFirst;
      boolean lastRound = r == rounds;
      double tool = 0;
      Measured streams = null;
      Measured bare = null;
      for (int side = 0; side < 2; side++) {
        if ((side == 0) == toolFirst) {
          tool =
              PerfTools.consume(work, "consumer-perf-" + size + "-" + r, bootstrap, events, size)
                  .recordsPerSecond();
        } else {
          if (bareFirst) {
            bare = bare("bare-streams-" + size + "-" + r, events, size);
          }
          streams = aggregate("streams-" + size + "-" + r, events, size, scenarioFile, lastRound);
          if (!bareFirst) {
            bare = bare("bare-streams-" + size + "-" + r, events, size);
          }
        }
      }
      aggregate.add(new Pair(r, toolFirst, tool, streams.rate()));
      versusBare.add(new Pair(r, bareFirst, bare.rate(), streams.rate()));
      cpu.add(streams.cpuMicrosPerEvent());
      bareCpu.add(bare.cpuMicrosPerEvent());
      last = streams;
      say(
          "aggregate %,d events, round %d: ConsumerPerformance %,.0f/s, bare Kafka Streams %,.0f/s,"
              + " Tally's streams %,.0f/s: %.3fx of the tool, %.2fx of bare Streams"
              + " (CPU per event %.0f vs %.0f us, peak RSS %,d vs %,d MB)",
          size,
          r,
          tool,
          bare.rate(),
          streams.rate(),
          streams.rate() / tool,
          streams.rate() / bare.rate(),
          streams.cpuMicrosPerEvent(),
          bare.cpuMicrosPerEvent(),
          BenchReport.megabytes(streams.peakRss()),
          BenchReport.megabytes(bare.peakRss()));
    }
    say(
        "streams app with %,d figures: /metrics %.1f ms (first %.1f ms), %,d bytes;"
            + " peak RSS %,d MB, heap after GC %,d MB",
        options.figures(),
        last.scrapeMillis(),
        last.firstScrapeMillis(),
        last.scrapeBytes(),
        BenchReport.megabytes(last.peakRss()),
        BenchReport.megabytes(last.heapAfter()));
    cleanUp(events);
    return new SizeResult(
        size,
        epf(size),
        produce,
        aggregate,
        versusBare,
        BenchReport.median(cpu.stream().mapToDouble(Double::doubleValue).toArray()),
        BenchReport.median(bareCpu.stream().mapToDouble(Double::doubleValue).toArray()),
        last.peakRss(),
        last.heapAfter(),
        last.scrapeMillis(),
        last.firstScrapeMillis(),
        last.scrapeBytes(),
        last.gzipScrapeMillis(),
        last.gzipScrapeBytes(),
        last.totalsApiMillis(),
        last.reconciliationApiMillis());
  }

  /** What one streams run gave. */
  private record Measured(
      double rate,
      double cpuMicrosPerEvent,
      double scrapeMillis,
      double firstScrapeMillis,
      long scrapeBytes,
      double gzipScrapeMillis,
      long gzipScrapeBytes,
      double totalsApiMillis,
      double reconciliationApiMillis,
      long peakRss,
      long heapAfter) {

    /** A run that only measured the rate (and the memory it took). */
    static Measured rateOnly(double rate, double cpuMicrosPerEvent, long peakRss) {
      return new Measured(
          rate,
          cpuMicrosPerEvent,
          Double.NaN,
          Double.NaN,
          -1,
          Double.NaN,
          -1,
          Double.NaN,
          Double.NaN,
          peakRss,
          -1);
    }
  }

  private Measured aggregate(
      String name, String topic, long records, Path scenarioFile, boolean inspect)
      throws InterruptedException {
    Duration timeout = Duration.ofSeconds(180 + records / 2_000);
    try (StreamsRun run =
        StreamsRun.start(work, name, bootstrap, topic, scenarioFile, options.streamsOverrides())) {
      long committed = run.awaitCommitted(admin, topic, records, timeout);
      long reconciled = run.awaitReconciled(Duration.ofMinutes(2));
      // Committed offsets mean committed totals; if the first look already reconciles, the end is
      // when the offsets were seen, otherwise when reconciliation was.
      long done = reconciled - committed < 1_000 ? committed : reconciled;
      double rate = records / Math.max(1e-3, (done - run.runningAtMillis()) / 1e3);
      long cpu = run.cpuMillisSinceRunning();
      double cpuPerEvent = cpu < 0 ? Double.NaN : cpu * 1000.0 / records;
      if (!inspect) {
        run.stop();
        return Measured.rateOnly(rate, cpuPerEvent, run.peakRssBytes());
      }
      double first = run.scrape().millis();
      Timed plain = timed(() -> run.scrape());
      Timed gzip = timed(() -> run.gzipScrape());
      Timed totals = timed(() -> run.timedGet("/api/v1/totals", false));
      Timed reconciliation = timed(() -> run.timedGet("/api/v1/reconciliation", false));
      long peak = run.peakRssBytes();
      long heap = run.heapAfterGcBytes();
      run.stop();
      return new Measured(
          rate,
          cpuPerEvent,
          plain.warmMillis(),
          first,
          plain.bytes(),
          gzip.warmMillis(),
          gzip.bytes(),
          totals.warmMillis(),
          reconciliation.warmMillis(),
          peak,
          heap);
    }
  }

  /** A read of the read side, timed. */
  private interface TimedRead {
    StreamsRun.Scrape read() throws InterruptedException;
  }

  /** The warm time of a read and its size. */
  private record Timed(double warmMillis, long bytes) {}

  /**
   * Reads {@code scrapes - 1} times. Prometheus scrapes every few seconds for as long as the app
   * runs: the warm time is the median of the last half (JIT-compiled).
   */
  private Timed timed(TimedRead read) throws InterruptedException {
    double[] millis = new double[options.scrapes() - 1];
    long bytes = 0;
    for (int i = 0; i < millis.length; i++) {
      StreamsRun.Scrape scrape = read.read();
      millis[i] = scrape.millis();
      bytes = scrape.bytes();
    }
    return new Timed(
        BenchReport.median(Arrays.copyOfRange(millis, millis.length / 2, millis.length)), bytes);
  }

  /** The bare Kafka Streams baseline over the same event topic: rate, CPU per event, peak RSS. */
  private Measured bare(String name, String topic, long records) throws InterruptedException {
    Duration timeout = Duration.ofSeconds(180 + records / 2_000);
    try (StreamsRun run =
        StreamsRun.startBare(work, name, bootstrap, topic, options.streamsOverrides())) {
      long done = run.awaitCommitted(admin, topic, records, timeout);
      double rate = records / Math.max(1e-3, (done - run.runningAtMillis()) / 1e3);
      long cpu = run.cpuMillisSinceRunning();
      double cpuPerEvent = cpu < 0 ? Double.NaN : cpu * 1000.0 / records;
      long peak = run.peakRssBytes();
      run.stop();
      deleteTopics(List.of(name + "-counts"));
      return Measured.rateOnly(rate, cpuPerEvent, peak);
    }
  }

  /** Replays a scenario file at max speed in a child JVM; returns events per second. */
  private double replay(String name, Path scenarioFile, int epf, String topic, String runId)
      throws InterruptedException {
    ChildProcess child =
        work.startTally(
            name,
            ReplayMain.class,
            List.of(bootstrap, scenarioFile.toString(), Integer.toString(epf), topic, runId));
    child.awaitSuccess(Duration.ofMinutes(30));
    Matcher m =
        child
            .lastLine(REPLAYED)
            .orElseThrow(() -> new BenchException(name + " printed no summary" + child.tail()));
    return Long.parseLong(m.group(1)) / (Long.parseLong(m.group(3)) / 1e9);
  }

  private Latency measureLatency() throws InterruptedException, IOException {
    int figures = options.latencyFigures();
    long durationMs = options.latencyDuration().toMillis();
    long wanted = options.latencyRate() * durationMs / 1000;
    int epf = (int) Math.max(1, (wanted + figures - 1) / figures);
    SyntheticScenario synthetic =
        SyntheticScenario.of(figures, epf).withName("bench-latency").withUniform(true);
    Path file = writeScenario(synthetic);
    Scenario scenario = load(file);
    Expander expander = new Expander(scenario, new ExpansionOptions(1, epf, "bench-latency"));
    long events = expander.eventCount();
    String topic = createTopic("bench.latency");
    Map<String, String> keys = new HashMap<>();
    Map<String, Integer> counts = new HashMap<>();
    for (Figure f : scenario.figures()) {
      keys.put(f.id(), f.metricKey(scenario.name()));
      counts.put(f.id(), expander.eventCount(f.id()));
    }
    long span =
        scenario.campaign().endIn(scenario.timeZone()).toEpochMilli()
            - scenario.campaign().startIn(scenario.timeZone()).toEpochMilli();
    Speed speed = new Speed((double) span / durationMs);
    try (StreamsRun run =
            StreamsRun.start(
                work, "streams-latency", bootstrap, topic, file, options.streamsOverrides());
        LatencyProbe probe =
            new LatencyProbe(
                bootstrap, topic, scenario.name(), keys, counts, run, options.metricsPoll())) {
      warmUpStreams(run, topic, figures);
      probe.start();
      JitClock jit = new JitClock(run);
      long pacedWarmUp = warmUpPaced(topic, figures, jit);
      JitClock.Reading before = jit.read();
      long started = System.currentTimeMillis();
      ReplaySummary summary = replayHere(expander, topic, speed, "the paced replay");
      JitClock.Cores compiling = jit.read().coresSince(before);
      if (!probe.awaitAll(events, Duration.ofSeconds(60))) {
        say("latency: not every event was seen within 60 s; reporting those that were");
      }
      EventLatencies.Result result = probe.result(started + durationMs / 5);
      probe.writeCsv(work.resolve("latency.csv"));
      run.stop();
      int rate = (int) Math.round(summary.eventsPerSecond());
      Latency latency =
          new Latency(
              rate,
              events,
              result.toTotal().length,
              EventLatencies.Result.percentile(result.toTotal(), 50),
              EventLatencies.Result.percentile(result.toTotal(), 99),
              EventLatencies.Result.percentile(result.toTotal(), 100),
              EventLatencies.Result.percentile(result.toMetrics(), 50),
              EventLatencies.Result.percentile(result.toMetrics(), 99),
              EventLatencies.Result.percentile(result.toMetrics(), 100),
              options.metricsPoll().toMillis(),
              pacedWarmUp,
              compiling.app(),
              compiling.bench());
      say(
          "latency at %,d events/s (%,d events, first fifth left out): to total p50 %.0f, p99 %.0f,"
              + " max %.0f ms; to /metrics p50 %.0f, p99 %.0f, max %.0f ms; JIT meanwhile %.2f"
              + " (app) and %.2f (bench) of a core",
          rate,
          events,
          latency.toTotalP50(),
          latency.toTotalP99(),
          latency.toTotalMax(),
          latency.toMetricsP50(),
          latency.toMetricsP99(),
          latency.toMetricsMax(),
          compiling.app(),
          compiling.bench());
      return latency;
    }
  }

  /**
   * A fresh JVM runs its first thousands of events interpreted, seconds behind a paced replay: a
   * scenario of its own (which the probe ignores) first, at full speed, until the app has caught
   * up.
   */
  private void warmUpStreams(StreamsRun run, String topic, int figures)
      throws InterruptedException, IOException {
    long events = 20L * options.latencyRate();
    int epf = (int) Math.max(1, events / figures);
    SyntheticScenario warmup =
        SyntheticScenario.of(figures, epf).withName(WARM_UP_SCENARIO).withUniform(true);
    Expander expander =
        new Expander(load(writeScenario(warmup)), new ExpansionOptions(1, epf, "bench-warmup"));
    replayHere(expander, topic, Speed.MAX, "the warm-up replay");
    run.awaitCommitted(admin, topic, expander.eventCount(), Duration.ofMinutes(5));
    say("latency: warmed the streams app up with %,d events", expander.eventCount());
  }

  /**
   * Replays scenarios of their own at the measured rate, the probe watching, 10 s at a time, until
   * neither JVM's JIT compiles more than {@link #JIT_QUIET} of a core (at most {@link
   * #PACED_WARM_UP_ROUNDS} rounds): the fast warm-up compiles the processing, not the paced replay,
   * the commits at this pace or the probe's scrapes, and compiling them takes most of a core for
   * tens of seconds on two cores. Returns the time it took.
   */
  private long warmUpPaced(String topic, int figures, JitClock jit)
      throws InterruptedException, IOException {
    long started = System.currentTimeMillis();
    long roundMillis = 10_000;
    int epf = (int) Math.max(1, options.latencyRate() * roundMillis / 1000 / figures);
    // One scenario, each round a run replacing the one before: /metrics keeps its size.
    Scenario scenario =
        load(
            writeScenario(
                SyntheticScenario.of(figures, epf).withName(WARM_UP_SCENARIO).withUniform(true)));
    long span =
        scenario.campaign().endIn(scenario.timeZone()).toEpochMilli()
            - scenario.campaign().startIn(scenario.timeZone()).toEpochMilli();
    int rounds = options.quick() ? 2 : PACED_WARM_UP_ROUNDS;
    for (int round = 1; round <= rounds; round++) {
      JitClock.Reading before = jit.read();
      replayHere(
          new Expander(scenario, new ExpansionOptions(1, epf, "bench-warmup-paced-" + round)),
          topic,
          new Speed((double) span / roundMillis),
          "the paced warm-up");
      JitClock.Cores compiling = jit.read().coresSince(before);
      say(
          "latency: paced warm-up round %d: JIT %.2f (app) and %.2f (bench) of a core",
          round, compiling.app(), compiling.bench());
      if (compiling.atMost(JIT_QUIET)) {
        break;
      }
    }
    return System.currentTimeMillis() - started;
  }

  /** Replays in this JVM, as the latency phase and its warm-ups do. */
  private ReplaySummary replayHere(Expander expander, String topic, Speed speed, String what)
      throws InterruptedException {
    ReplaySettings settings =
        new ReplaySettings(
            bootstrap,
            topic,
            Optional.of(6),
            Optional.of((short) 1),
            speed,
            Duration.ofSeconds(2),
            Map.of());
    try {
      return new ReplayJob(settings).run(expander, ProgressListener.NONE);
    } catch (ExecutionException e) {
      throw new BenchException(what + " failed: " + e.getCause(), e);
    }
  }

  private static Scenario load(Path file) {
    try {
      return ScenarioLoader.loadFile(file);
    } catch (io.tally.scenario.ScenarioException e) {
      throw new BenchException("generated an invalid scenario: " + e.getMessage(), e);
    }
  }

  /** A topic as Tally's event log is made: 6 partitions, never expiring. */
  private String createTopic(String name) throws InterruptedException {
    try {
      TopicSetup.ensure(
          admin, List.of(TopicSpec.log(name, Optional.of(6), Optional.of((short) 1))));
    } catch (ExecutionException e) {
      throw new BenchException("cannot create topic " + name + ": " + e.getCause(), e);
    }
    return name;
  }

  private void deleteTopics(List<String> names) throws InterruptedException {
    try {
      admin.deleteTopics(names).all().get();
    } catch (ExecutionException e) {
      say("could not delete %s: %s", names, e.getCause().getMessage());
    }
  }

  /**
   * Frees the disk a size used: its event topic and the streams apps' internal topics (the output
   * topics are compacted, so they keep one record per figure anyway).
   */
  private void cleanUp(String events) throws InterruptedException {
    try {
      List<String> drop = new ArrayList<>(List.of(events));
      admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith("streams-"))
          .forEach(drop::add);
      deleteTopics(drop);
    } catch (ExecutionException e) {
      say("could not clean up after %s: %s", events, e.getCause().getMessage());
    }
  }

  private void say(String format, Object... args) {
    console.printf(Locale.ROOT, "bench: " + format + "%n", args);
    console.flush();
  }
}
