package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scale-out, end to end: a real broker, three {@code tally streams} instances in their own JVMs
 * sharing one application id, a paced replay of the bundled scenario, and one instance killed with
 * SIGKILL half-way. The two survivors take over its partitions and finish; then, with nothing
 * counted twice or lost:
 *
 * <ul>
 *   <li>the sum over the survivors of {@code tally_figure_value} per figure is the report's figure,
 *       and each figure is exported by exactly one survivor (the killed instance's series moved);
 *   <li>every survivor's {@code /api/v1/totals}, {@code /api/v1/figures/{id}} (half of them read
 *       from the other survivor) and {@code /api/v1/themes} reproduce every figure exactly;
 *   <li>the daily totals of every counter add up to its figure.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutIT {
  private static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);
  private static final int INSTANCES = 3;
  private static final Duration REPLAY = Duration.ofSeconds(16);
  private static final Pattern RUNNING =
      Pattern.compile("running: metrics on http://[^:]+:(\\d+)/metrics");
  private static final Pattern SAMPLE =
      Pattern.compile("^tally_figure_value\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private EmbeddedKafkaBroker broker;
  private final List<Instance> instances = new ArrayList<>();
  private Scenario scenario;

  /** One {@code tally streams} child JVM. */
  private record Instance(String name, Process process, Path stderr, int port) {
    String url(String path) {
      return "http://127.0.0.1:" + port + path;
    }
  }

  @BeforeAll
  void startBrokerAndInstances() throws Exception {
    scenario = ScenarioLoader.load("double11-2022");
    broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(6));
    long start = System.nanoTime();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      processes.add(startInstance("instance-" + i));
    }
    for (int i = 0; i < INSTANCES; i++) {
      Path stderr = tmp.resolve("instance-" + i + ".log");
      instances.add(
          new Instance(
              "instance-" + i, processes.get(i), stderr, awaitPort(processes.get(i), stderr)));
    }
    log.info(
        "{} instances running after {} ms: {}",
        INSTANCES,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
        instances.stream().map(i -> i.name() + "@" + i.port()).toList());
  }

  private Process startInstance(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // The test class path has logback-test.xml; instances should log as they do for users.
            "-Dlogback.configurationFile=logback.xml",
            "-Djava.io.tmpdir=" + dir,
            "-cp",
            System.getProperty("java.class.path"),
            "io.tally.cli.TallyCli",
            "streams",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--application-id",
            "tally-scale-out-it",
            "--state-dir",
            dir.resolve("state").toString(),
            "--metrics-port",
            "0",
            "--metrics-host",
            "127.0.0.1",
            "--advertised-host",
            "127.0.0.1",
            "--replication-factor",
            "1",
            "--partitions",
            "6",
            // Notice a killed instance within seconds, not the default 45 s.
            "--kafka-property",
            "session.timeout.ms=6000",
            "--kafka-property",
            "heartbeat.interval.ms=1500");
    return new ProcessBuilder(command)
        .redirectErrorStream(false)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(tmp.resolve(name + ".log").toFile())
        .start();
  }

  private static int awaitPort(Process process, Path stderr) throws Exception {
    String log =
        Await.until(
            "the instance running",
            Duration.ofSeconds(120),
            () -> read(stderr),
            text -> RUNNING.matcher(text).find() || !process.isAlive(),
            text -> text);
    Matcher m = RUNNING.matcher(log);
    if (!m.find()) {
      return fail("instance exited with %d before running:%n%s", process.exitValue(), log);
    }
    return Integer.parseInt(m.group(1));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  void stopEverything() throws Exception {
    for (Instance instance : instances) {
      instance.process().destroy();
    }
    for (Instance instance : instances) {
      if (!instance.process().waitFor(30, TimeUnit.SECONDS)) {
        instance.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (broker != null) {
      broker.close();
    }
    // Keep the instances' logs: the temporary directory goes with the test.
    Path kept = Files.createDirectories(Path.of("target", "scale-out-logs"));
    for (Instance instance : instances) {
      Files.copy(
          instance.stderr(),
          kept.resolve(instance.name() + ".log"),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Test
  void killOneMidReplayAndTheSurvivorsReproduceEveryFigureOnce() throws Exception {
    Expander expander = new Expander(scenario, ExpansionOptions.defaults());
    AtomicLong sent = new AtomicLong();
    CompletableFuture<ReplaySummary> replay = replay(expander, sent);

    // Half-way, kill (SIGKILL: no clean leave, an open transaction) the instance exporting most.
    Await.poll(Duration.ofMinutes(2), Duration.ofMillis(50))
        .until(() -> sent.get() >= expander.eventCount() / 2 || replay.isDone());
    log.info("half-way: {} of {} events sent", sent.get(), expander.eventCount());
    assertThat(replay).as("the replay is still running").isNotDone();
    Map<String, Map<String, BigDecimal>> before = new HashMap<>();
    for (Instance instance : instances) {
      before.put(instance.name(), figureSamples(instance));
    }
    Instance victim =
        instances.stream()
            .max((a, b) -> before.get(a.name()).size() - before.get(b.name()).size())
            .orElseThrow();
    assertThat(before.get(victim.name())).as("the victim owns figures").isNotEmpty();
    log.info(
        "killing {} after {} of {} events; it exports {} figures",
        victim.name(),
        sent.get(),
        expander.eventCount(),
        before.get(victim.name()).size());
    victim.process().destroyForcibly();
    long killed = System.nanoTime();
    assertThat(victim.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
    List<Instance> survivors = instances.stream().filter(i -> i != victim).toList();

    // While the survivors notice, rebalance and restore, the API says "retry" (503) or answers
    // with numbers it can vouch for; it never fails or hangs.
    Poller poller = new Poller(survivors);
    ScheduledExecutorService polling =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "scale-out-poller"));
    var unused = polling.scheduleWithFixedDelay(poller, 0, 200, TimeUnit.MILLISECONDS);

    ReplaySummary summary = replay.get(60, TimeUnit.SECONDS);
    log.info("{}", summary.describe());
    assertThat(summary.complete()).isTrue();
    assertThat(summary.events()).isEqualTo(expander.eventCount());

    awaitEveryFigureExact(survivors, Duration.ofSeconds(90));
    polling.shutdown();
    assertThat(polling.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    log.info("while failing over, the survivors answered {}", poller.statuses);
    assertThat(poller.failures).as("API failures while failing over").isEmpty();
    assertThat(poller.statuses.keySet()).containsAnyOf(200, 503).isSubsetOf(200, 503);
    log.info(
        "survivors reconciled every figure {} ms after the kill",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

    // Prometheus: each figure exported by exactly one survivor; the sum across them is the figure.
    Map<String, BigDecimal> sums = new HashMap<>();
    Map<String, Integer> exporters = new HashMap<>();
    for (Instance survivor : survivors) {
      figureSamples(survivor)
          .forEach(
              (figure, value) -> {
                sums.merge(figure, value, BigDecimal::add);
                exporters.merge(figure, 1, Integer::sum);
              });
    }
    assertThat(sums).hasSize(scenario.figures().size());
    for (Figure f : scenario.figures()) {
      assertThat(exporters.get(f.id())).as("survivors exporting " + f.id()).isEqualTo(1);
      assertThat(sums.get(f.id())).as(f.id()).isEqualByComparingTo(f.value());
    }
    assertThat(before.get(victim.name()).keySet())
        .as("the victim's figures moved to the survivors")
        .allSatisfy(figure -> assertThat(exporters).containsKey(figure));

    // The JSON API, from each survivor: every figure, wherever it lives.
    for (Instance survivor : survivors) {
      JsonNode totals = json(survivor, "/api/v1/totals");
      Map<String, BigDecimal> aggregated = new HashMap<>();
      totals
          .get("figures")
          .forEach(f -> aggregated.put(f.get("figureId").asText(), decimal(f.get("aggregated"))));
      for (Figure f : scenario.figures()) {
        assertThat(aggregated.get(f.id())).as(survivor.name() + " " + f.id()).isNotNull();
        assertThat(aggregated.get(f.id()))
            .as(survivor.name() + " " + f.id())
            .isEqualByComparingTo(f.value());
        JsonNode one = json(survivor, "/api/v1/figures/" + f.id());
        assertThat(one.get("status").asText())
            .as(survivor.name() + " " + f.id())
            .isEqualTo("EXACT");
        assertThat(decimal(one.get("aggregated"))).isEqualByComparingTo(f.value());
      }
      JsonNode themes = json(survivor, "/api/v1/themes").get("themes");
      assertThat(themes).hasSize(scenario.themes().size());
      themes.forEach(
          t ->
              assertThat(t.get("figuresComplete").asInt())
                  .as(survivor.name() + " " + t.get("theme").asText())
                  .isEqualTo(t.get("figuresExpected").asInt()));
      assertThat(json(survivor, "/api/v1/reconciliation").at("/summary/allExact").asBoolean())
          .isTrue();
    }

    // Daily totals, read from the owner of each figure: a counter's days add up to its figure.
    Instance asked = survivors.get(0);
    for (Figure f : scenario.figures()) {
      JsonNode days = json(asked, "/api/v1/figures/" + f.id() + "/daily").get("days");
      assertThat(days).as(f.id()).isNotEmpty();
      if (f.kind() == Kind.COUNTER) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode day : days) {
          sum = sum.add(decimal(day.get("value")));
        }
        assertThat(sum).as("days of " + f.id()).isEqualByComparingTo(f.value());
      }
    }
  }

  /**
   * Replays the run evenly over {@link #REPLAY}: the scenario's event times bunch on 11 November,
   * so a replay paced by event time would send most events in its last second; here the replaying
   * thread pauses after each event instead, so "half-way" means half of the events.
   */
  private CompletableFuture<ReplaySummary> replay(Expander expander, AtomicLong sent) {
    long pauseMicros = REPLAY.toNanos() / 1000 / expander.eventCount();
    ReplayJob job = new ReplayJob(ReplaySettings.defaults(broker.bootstrapServers()));
    ProgressListener progress =
        (count, total, eventTime) -> {
          sent.set(count);
          try {
            TimeUnit.MICROSECONDS.sleep(pauseMicros);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    log.info("replaying {} events over {}", expander.eventCount(), REPLAY);
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return job.run(expander, progress);
          } catch (Exception e) {
            throw new IllegalStateException("replay failed", e);
          }
        });
  }

  /** Asks every survivor for every total, again and again, and notes the answers. */
  private final class Poller implements Runnable {
    final Map<Integer, Integer> statuses = new ConcurrentSkipListMap<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<Instance> survivors;

    Poller(List<Instance> survivors) {
      this.survivors = survivors;
    }

    /** One round: every survivor asked once (run every 200 ms while failing over). */
    @Override
    public void run() {
      for (Instance survivor : survivors) {
        long start = System.nanoTime();
        try {
          HttpResponse<String> response = get(survivor, "/api/v1/totals");
          statuses.merge(response.statusCode(), 1, Integer::sum);
          if (response.statusCode() == 503) {
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
          } else if (response.statusCode() == 200) {
            // Partial (the replay goes on) but never wrong: no figure fully counted and off.
            JsonNode summary = JSON.readTree(response.body()).get("summary");
            assertThat(summary.get("mismatched").asInt()).as(response.body()).isZero();
          }
        } catch (Exception | AssertionError e) {
          failures.add(
              survivor.name()
                  + " after "
                  + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                  + " ms: "
                  + e);
          try {
            dumpThreads(survivor);
          } catch (Exception dump) {
            failures.add("no thread dump: " + dump);
          }
        }
      }
    }
  }

  /** Waits until each survivor's API answers (no 503) with every figure exact. */
  private void awaitEveryFigureExact(List<Instance> survivors, Duration timeout) throws Exception {
    AtomicReference<String> last = new AtomicReference<>("");
    try {
      Await.poll(timeout, Duration.ofMillis(500)).until(() -> everyFigureExact(survivors, last));
    } catch (ConditionTimeoutException e) {
      fail(
          "survivors did not reconcile every figure within %s; last: %s%n%s",
          timeout, last.get(), logs());
    }
  }

  private boolean everyFigureExact(List<Instance> survivors, AtomicReference<String> last)
      throws Exception {
    for (Instance survivor : survivors) {
      HttpResponse<String> response;
      try {
        response = get(survivor, "/api/v1/reconciliation");
      } catch (HttpTimeoutException e) {
        dumpThreads(survivor);
        throw e;
      }
      if (response.statusCode() != 200) {
        last.set(survivor.name() + ": HTTP " + response.statusCode() + " " + response.body());
        return false;
      }
      JsonNode summary = JSON.readTree(response.body()).get("summary");
      if (!summary.get("allExact").asBoolean()) {
        last.set(survivor.name() + ": " + summary);
        return false;
      }
    }
    return true;
  }

  private static void dumpThreads(Instance instance) throws Exception {
    Path out = Files.createDirectories(Path.of("target", "scale-out-logs"));
    new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(instance.process().pid()),
            "Thread.print")
        .redirectOutput(out.resolve(instance.name() + "-threads.txt").toFile())
        .start()
        .waitFor(30, TimeUnit.SECONDS);
  }

  private String logs() throws IOException {
    StringBuilder out = new StringBuilder();
    for (Instance instance : instances) {
      out.append("---- ").append(instance.name()).append('\n');
      out.append(Files.readString(instance.stderr()));
    }
    return out.toString();
  }

  /** The instance's {@code tally_figure_value} samples by figure id. */
  private Map<String, BigDecimal> figureSamples(Instance instance) throws Exception {
    HttpResponse<String> scrape = get(instance, "/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    Map<String, BigDecimal> values = new HashMap<>();
    Matcher sample = SAMPLE.matcher(scrape.body());
    while (sample.find()) {
      Map<String, String> labels = new HashMap<>();
      Matcher label = LABEL.matcher(sample.group(1));
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
      assertThat(labels.keySet()).contains("scenario", "theme", "metric", "figure");
      BigDecimal previous = values.put(labels.get("figure"), new BigDecimal(sample.group(2)));
      assertThat(previous).as("one series per figure on " + instance.name()).isNull();
    }
    return values;
  }

  private JsonNode json(Instance instance, String path) throws Exception {
    HttpResponse<String> response = get(instance, path);
    assertThat(response.statusCode())
        .as(instance.name() + " " + path + ": " + response.body())
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> get(Instance instance, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(instance.url(path)))
            .timeout(Duration.ofSeconds(15))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static BigDecimal decimal(JsonNode value) {
    assertThat(value.isNull()).as("a value").isFalse();
    return new BigDecimal(value.asText());
  }
}
