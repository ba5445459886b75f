package io.tally.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tally.e2e.DashboardQueries.Query;
import io.tally.e2e.PrometheusApi.Sample;
import io.tally.testkit.Await;
import io.tally.testkit.ChildProcess;
import io.tally.testkit.PromQl;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the operations files against a real Prometheus: runs {@code tally demo} in a child JVM,
 * starts Debian's {@code prometheus} on loopback with the project's own rules
 * (ops/prometheus/rules) and a scrape config derived from ops/prometheus/prometheus-local.yml
 * pointing at the demo, waits until the scenario is reconciled and scraped, then evaluates every
 * recording rule and every query of every Grafana dashboard (ops/grafana/dashboards) through the
 * HTTP API, and checks the per-theme rules against the scenario file itself. {@code promtool}
 * checks the configs and rules and runs their unit tests. Skipped when prometheus or promtool is
 * not installed ({@code apt-get install prometheus}; .ci/run installs it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusDashboardsIT {
  private static final String SCENARIO = "double11-2022";
  private static final String RATE_INTERVAL = "1m";
  private static final Pattern METRICS_URL =
      Pattern.compile("Metrics: +http://[^:/]+:(\\d+)/metrics");
  private static final Pattern SERVING = Pattern.compile("^Serving http://");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Path root;
  private Path ops;
  private Path logs;
  private Path work;
  private ScenarioFile scenario;
  private ChildProcess demo;
  private ChildProcess prometheus;
  private PrometheusApi api;
  private int metricsPort;

  /** What the test needs of the scenario file, read independently of Tally's own loader. */
  record ScenarioFile(List<String> themes, List<JsonNode> figures) {
    static ScenarioFile load(String name) throws IOException {
      try (InputStream in =
          PrometheusDashboardsIT.class
              .getClassLoader()
              .getResourceAsStream("scenarios/" + name + ".yaml")) {
        assertThat(in).as("bundled scenario %s on the class path", name).isNotNull();
        JsonNode root = YAML.readTree(in);
        List<String> themes = new ArrayList<>();
        root.path("themes").forEach(t -> themes.add(t.path("id").asText()));
        List<JsonNode> figures = new ArrayList<>();
        root.path("figures").forEach(figures::add);
        return new ScenarioFile(themes, figures);
      }
    }

    List<JsonNode> figuresOf(String theme) {
      return figures.stream().filter(f -> theme.equals(f.path("theme").asText())).toList();
    }
  }

  @BeforeAll
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void startDemoAndPrometheus() throws Exception {
    boolean installed = onPath("prometheus") && onPath("promtool");
    String missing = "prometheus and promtool are not installed (apt-get install prometheus)";
    // Under CI a missing tool fails: a green CI must never mean this suite was skipped.
    assertThat(installed || !"true".equals(System.getenv("CI"))).as(missing).isTrue();
    assumeTrue(installed, missing);
    root = Path.of(System.getProperty("tally.root", "..")).toAbsolutePath().normalize();
    ops = root.resolve("ops");
    logs = Path.of(System.getProperty("tally.e2e.logs", "target/e2e-logs")).toAbsolutePath();
    Files.createDirectories(logs);
    work = Files.createTempDirectory("tally-e2e");
    scenario = ScenarioFile.load(SCENARIO);

    demo = ChildProcess.start("demo", demoCommand(), logs);
    metricsPort = Integer.parseInt(demo.awaitLine(METRICS_URL, Duration.ofSeconds(120)).group(1));

    Path config = writePrometheusConfig(metricsPort);
    ChildProcess.Result check =
        ChildProcess.run(
            List.of("promtool", "check", "config", config.toString()), Duration.ofSeconds(60));
    assertThat(check.exitCode())
        .as("promtool check config (generated)\n%s", check.output())
        .isZero();
    int port = freePort();
    prometheus =
        ChildProcess.start(
            "prometheus",
            List.of(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port),
            logs);
    api = new PrometheusApi(URI.create("http://127.0.0.1:" + port));
    await("Prometheus ready", Duration.ofSeconds(30), api::ready, prometheus);

    // The demo prints "Serving ..." after the replay, once the reconciliation has been shown.
    demo.awaitLine(SERVING, Duration.ofSeconds(180));
    JsonNode reconciliation = reconciliation();
    assertThat(reconciliation.path("summary").path("allExact").asBoolean())
        .as("the demo reconciled every figure: %s", reconciliation.path("summary"))
        .isTrue();
    assertThat(reconciliation.path("summary").path("figures").asInt())
        .isEqualTo(scenario.figures().size());

    // ...and Prometheus has scraped that state and every rule group has evaluated on it (groups run
    // independently, so wait for the rules that read other recorded series, then one more round).
    String selector = "{scenario=\"" + SCENARIO + "\"}";
    await(
        "Prometheus to record every figure and theme complete",
        Duration.ofSeconds(60),
        () ->
            count("figure:tally_figure_complete:max" + selector + " == 1")
                    == scenario.figures().size()
                && count("scenario_theme:tally_figure_completion_ratio:avg" + selector + " == 1")
                    == scenario.themes().size()
                && count("scenario_theme:tally_theme_completion:ratio" + selector + " == 1")
                    == scenario.themes().size(),
        prometheus);
    // One more round of every rule group (they evaluate every second or two).
    Await.hold(Duration.ofMillis(2500));
  }

  private int count(String expr) {
    return api.query(expr).size();
  }

  @AfterAll
  void stop() throws IOException {
    if (prometheus != null) {
      prometheus.close();
    }
    if (demo != null) {
      demo.close();
    }
    if (work != null) {
      try (Stream<Path> paths = Files.walk(work)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void promtoolAcceptsTheConfigsTheRulesAndTheirUnitTests() throws IOException {
    Path prom = ops.resolve("prometheus");
    List<String> rules = files(prom.resolve("rules"), ".yml");
    List<String> tests = files(prom.resolve("tests"), ".yml");
    assertThat(rules).hasSize(2);
    assertThat(tests).isNotEmpty();

    List<List<String>> commands = new ArrayList<>();
    commands.add(
        List.of(
            "promtool",
            "check",
            "config",
            prom.resolve("prometheus.yml").toString(),
            prom.resolve("prometheus-local.yml").toString()));
    commands.add(concat(List.of("promtool", "check", "rules"), rules));
    commands.add(concat(List.of("promtool", "test", "rules"), tests));
    for (List<String> command : commands) {
      ChildProcess.Result result = ChildProcess.run(command, Duration.ofSeconds(60));
      assertThat(result.exitCode()).as("%s\n%s", command, result.output()).isZero();
      assertThat(result.output()).doesNotContain("FAILED");
    }
  }

  @Test
  void everyAlertHasAUnitTestInWhichItFiresAndOneInWhichItIsQuiet() throws IOException {
    Set<String> alerts = new TreeSet<>();
    for (JsonNode rule : ruleDefinitions()) {
      if (rule.has("alert")) {
        alerts.add(rule.path("alert").asText());
      }
    }
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (String file : files(ops.resolve("prometheus/tests"), ".yml")) {
      for (JsonNode test : YAML.readTree(Path.of(file).toFile()).path("tests")) {
        for (JsonNode alertTest : test.path("alert_rule_test")) {
          String name = alertTest.path("alertname").asText();
          (alertTest.path("exp_alerts").isEmpty() ? quiet : firing).add(name);
        }
      }
    }
    assertThat(alerts).as("alerts in ops/prometheus/rules").hasSizeGreaterThanOrEqualTo(6);
    assertThat(firing).as("alerts some unit test expects to fire").containsAll(alerts);
    assertThat(quiet).as("alerts some unit test expects to stay quiet").containsAll(alerts);
  }

  @Test
  void everyRecordingRuleReturnsDataAndPrometheusRecordsIt() throws IOException {
    List<String> failures = new ArrayList<>();
    int rules = 0;
    for (JsonNode rule : ruleDefinitions()) {
      if (!rule.has("record")) {
        continue;
      }
      rules++;
      String record = rule.path("record").asText();
      String expr = rule.path("expr").asText();
      checkReturnsData("rule " + record + ": " + expr, expr, failures);
      checkReturnsData("series " + record, record, failures);
    }
    assertThat(rules).isGreaterThan(10);
    assertThat(failures).as("recording rules without data").isEmpty();
  }

  @Test
  void everyRuleEvaluatesWithoutErrorAndNoAlertIsActiveInACleanRun() {
    List<String> problems = new ArrayList<>();
    int count = 0;
    for (JsonNode group : api.rules()) {
      for (JsonNode rule : group.path("rules")) {
        count++;
        String name = rule.path("name").asText();
        if (!"ok".equals(rule.path("health").asText())) {
          problems.add(name + ": " + rule.path("health").asText() + " " + rule.path("lastError"));
        }
        if ("alerting".equals(rule.path("type").asText())
            && !"inactive".equals(rule.path("state").asText())) {
          problems.add(name + " is " + rule.path("state").asText() + ": " + rule.path("alerts"));
        }
      }
    }
    assertThat(count).as("rules Prometheus loaded").isGreaterThan(20);
    assertThat(problems).isEmpty();
  }

  @Test
  void everyQueryOfEveryDashboardReturnsData() throws IOException {
    List<Path> dashboards = dashboards();
    assertThat(dashboards)
        .extracting(p -> p.getFileName().toString())
        .contains("tally-overview.json", "tally-theme.json");
    List<String> failures = new ArrayList<>();
    int evaluated = 0;
    for (Path file : dashboards) {
      JsonNode dashboard = DashboardQueries.read(file);
      Set<String> variables = DashboardQueries.variableNames(dashboard);
      // A dashboard with a theme variable is evaluated for every theme of the scenario.
      List<String> themes = variables.contains("theme") ? scenario.themes() : List.of("");
      for (String theme : themes) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("scenario", SCENARIO);
        values.put("theme", theme);
        values.put("job", "tally");
        values.put("run", ".*");
        values.put("__rate_interval", RATE_INTERVAL);
        values.put("__interval", "15s");
        values.put("__range", "5m");
        for (Query query : DashboardQueries.of(dashboard, values)) {
          checkReturnsData(query.toString(), query.evaluated(), failures);
          evaluated++;
        }
      }
    }
    assertThat(evaluated).isGreaterThan(30);
    assertThat(failures).as("dashboard queries without data").isEmpty();
  }

  @Test
  void annotationsMarkTheRunStartedAndCompleteAndEveryOneEvaluates()
      throws IOException, InterruptedException {
    Map<String, String> values = Map.of("scenario", SCENARIO, "job", "tally", "run", ".*");
    for (Path file : dashboards()) {
      Map<String, String> annotations =
          DashboardQueries.annotations(DashboardQueries.read(file), values);
      assertThat(annotations)
          .as(file.getFileName().toString())
          .containsKeys("Run started", "Run complete", "Run superseded");
      for (Map.Entry<String, String> annotation : annotations.entrySet()) {
        // An annotation marks a moment: over the last 15 minutes, the demo's run started and
        // completed once; no run was superseded, so that one must only evaluate. The rules are
        // evaluated every few seconds, so a mark made just now may take that long to appear.
        String marks = "max_over_time((" + annotation.getValue() + ")[15m:1s])";
        boolean wanted = !annotation.getKey().equals("Run superseded");
        if (wanted) {
          Await.atMost(Duration.ofSeconds(30))
              .untilAsserted(
                  () ->
                      assertThat(api.query(marks))
                          .as("%s: %s", annotation.getKey(), annotation.getValue())
                          .isNotEmpty());
        } else {
          api.query(marks);
        }
      }
    }
  }

  @Test
  void variablesOfferTheScenarioAndEveryTheme() throws IOException {
    JsonNode theme = DashboardQueries.read(ops.resolve("grafana/dashboards/tally-theme.json"));
    Map<String, String> values =
        Map.of(
            "scenario",
            SCENARIO,
            "theme",
            scenario.themes().get(0),
            "job",
            "tally",
            "run",
            ".*",
            "__rate_interval",
            "1m");
    for (Query query : DashboardQueries.of(theme, values)) {
      if (!query.where().startsWith("variable")) {
        continue;
      }
      Set<String> offered = new TreeSet<>();
      String label = query.where().substring("variable $".length());
      api.query(query.evaluated()).forEach(s -> offered.add(s.label(label)));
      if (label.equals("job")) {
        assertThat(offered).as(query.toString()).contains("tally");
      } else if (label.equals("run")) {
        assertThat(offered).as(query.toString()).isNotEmpty();
      } else if (label.equals("theme")) {
        assertThat(offered)
            .as(query.toString())
            .containsExactlyInAnyOrderElementsOf(scenario.themes());
      } else {
        assertThat(offered).as(query.toString()).contains(SCENARIO);
      }
    }
  }

  @Test
  void dashboardsUseOnlyMetricsTallyExportsAndTheProjectsRecordingRules() throws IOException {
    Set<String> stored = new TreeSet<>(api.metricNames());
    Set<String> recorded = new TreeSet<>();
    for (JsonNode rule : ruleDefinitions()) {
      if (rule.has("record")) {
        recorded.add(rule.path("record").asText());
      }
    }
    Pattern exported = Pattern.compile("^(tally|kafka|jvm|process)_[a-z0-9_]+$|^up$");
    Map<String, Set<String>> unknown = new TreeMap<>();
    Map<String, String> values =
        Map.of(
            "scenario",
            SCENARIO,
            "theme",
            scenario.themes().get(0),
            "job",
            "tally",
            "run",
            ".*",
            "__rate_interval",
            "1m");
    for (Path file : dashboards()) {
      for (Query query : DashboardQueries.of(DashboardQueries.read(file), values)) {
        for (String name : PromQl.names(query.evaluated())) {
          boolean fromTally = exported.matcher(name).matches() && stored.contains(name);
          boolean fromRules = name.contains(":") && recorded.contains(name);
          if (!fromTally && !fromRules) {
            unknown.computeIfAbsent(name, n -> new TreeSet<>()).add(query.toString());
          }
        }
      }
    }
    assertThat(unknown)
        .as("metric names neither scraped from Tally nor recorded by ops/")
        .isEmpty();
  }

  @Test
  void perThemeRecordingRulesMatchTheScenarioFile() {
    Map<String, Double> counters =
        byThemeAndUnit("scenario_theme_unit:tally_figure_value_counters:sum");
    Map<String, Double> expectedCounters =
        byThemeAndUnit("scenario_theme_unit:tally_figure_expected_value_counters:sum");
    Map<String, Double> complete = byTheme("scenario_theme:tally_theme_figures_complete:sum");
    Map<String, Double> seen = byTheme("scenario_theme:tally_theme_figures_seen:sum");
    Map<String, Double> progress = byTheme("scenario_theme:tally_theme_completion:ratio");
    Map<String, Double> eventProgress = byTheme("scenario_theme:tally_figure_completion_ratio:avg");

    Set<String> themes = Set.copyOf(scenario.themes());
    assertThat(complete.keySet()).isEqualTo(themes);
    assertThat(progress.keySet()).isEqualTo(themes);
    for (String theme : scenario.themes()) {
      List<JsonNode> figures = scenario.figuresOf(theme);
      // Counters are added up per unit only: never people to kilowatt-hours.
      Map<String, BigDecimal> counterSums = new TreeMap<>();
      for (JsonNode f : figures) {
        if ("counter".equals(f.path("kind").asText())) {
          counterSums.merge(
              theme + "/" + f.path("unit").asText(),
              f.path("value").decimalValue(),
              BigDecimal::add);
        }
      }
      counterSums.forEach(
          (themeUnit, sum) -> {
            assertThat(counters.get(themeUnit))
                .as("recorded sum of %s's counter figures", themeUnit)
                .isEqualTo(sum.doubleValue());
            assertThat(expectedCounters.get(themeUnit)).isEqualTo(sum.doubleValue());
          });
      assertThat(counters.keySet().stream().filter(k -> k.startsWith(theme + "/")))
          .as("units of %s's counter figures", theme)
          .containsExactlyInAnyOrderElementsOf(counterSums.keySet());
      assertThat(complete.get(theme))
          .as("figures of %s complete", theme)
          .isEqualTo((double) figures.size());
      assertThat(seen.get(theme))
          .as("figures of %s seen", theme)
          .isEqualTo((double) figures.size());
      assertThat(progress.get(theme)).as("progress of %s", theme).isEqualTo(1.0);
      assertThat(eventProgress.get(theme)).as("events counted of %s", theme).isEqualTo(1.0);
    }
  }

  @Test
  void everyRecordedFigureEqualsTheReport() {
    Map<String, Sample> values = new TreeMap<>();
    // The value joined with the figure's words, as the dashboards show it.
    for (Sample s :
        api.query(
            "figure:tally_figure_value:sum{scenario=\""
                + SCENARIO
                + "\"} * on (scenario, theme, metric, figure)"
                + " group_left (label, unit, kind, qualifier) figure:tally_figure_info:max")) {
      values.put(s.label("figure"), s);
    }
    assertThat(values).hasSameSizeAs(scenario.figures());
    for (JsonNode f : scenario.figures()) {
      String id = f.path("id").asText();
      Sample sample = values.get(id);
      assertThat(sample).as("figure %s recorded", id).isNotNull();
      assertThat(sample.asDouble())
          .as("figure %s", id)
          .isEqualTo(f.path("value").decimalValue().doubleValue());
      assertThat(sample.labels())
          .containsEntry("theme", f.path("theme").asText())
          .containsEntry("metric", f.path("metric").asText())
          .containsEntry("kind", f.path("kind").asText())
          .containsEntry("qualifier", f.path("qualifier").asText())
          .containsEntry("unit", f.path("unit").asText())
          .containsEntry("label", f.path("label").asText());
    }
  }

  // ------------------------------------------------------------------------------------------

  private List<String> demoCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g",
        "-XX:+UseSerialGC",
        "-Djava.io.tmpdir=" + work,
        "-cp",
        System.getProperty("java.class.path"),
        "io.tally.cli.TallyCli",
        "demo",
        "--scenario",
        SCENARIO,
        "--metrics-port",
        "0",
        "--kafka-port",
        "0",
        // Paced over ~20 s so that Prometheus, scraping every second, sees the events flow.
        "--speed",
        "auto",
        "--duration",
        "20s",
        "--reconcile-timeout",
        "90s");
  }

  /**
   * The project's local config (ops/prometheus/prometheus-local.yml) with the demo's port as the
   * one target of job tally, every interval at 1 s and the rule files by absolute path. Written as
   * JSON, which is YAML.
   */
  private Path writePrometheusConfig(int port) throws IOException {
    ObjectNode config =
        (ObjectNode) YAML.readTree(ops.resolve("prometheus/prometheus-local.yml").toFile());
    ObjectNode global = (ObjectNode) config.path("global");
    global.put("scrape_interval", "1s");
    global.put("scrape_timeout", "1s");
    global.put("evaluation_interval", "1s");
    ArrayNode ruleFiles = config.putArray("rule_files");
    for (String file : files(ops.resolve("prometheus/rules"), ".yml")) {
      ruleFiles.add(file);
    }
    boolean found = false;
    for (JsonNode job : config.path("scrape_configs")) {
      if ("tally".equals(job.path("job_name").asText())) {
        ArrayNode staticConfigs = ((ObjectNode) job).putArray("static_configs");
        staticConfigs.addObject().putArray("targets").add("127.0.0.1:" + port);
        found = true;
      }
    }
    assertThat(found).as("prometheus-local.yml has a scrape config for job tally").isTrue();
    Path file = work.resolve("prometheus.yml");
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), config);
    return file;
  }

  private List<JsonNode> ruleDefinitions() throws IOException {
    List<JsonNode> rules = new ArrayList<>();
    for (String file : files(ops.resolve("prometheus/rules"), ".yml")) {
      for (JsonNode group : YAML.readTree(Path.of(file).toFile()).path("groups")) {
        group.path("rules").forEach(rules::add);
      }
    }
    return rules;
  }

  private List<Path> dashboards() throws IOException {
    return files(ops.resolve("grafana/dashboards"), ".json").stream().map(Path::of).toList();
  }

  /** Records a failure unless the expression returns at least one sample with a finite value. */
  private void checkReturnsData(String what, String expr, List<String> failures) {
    try {
      List<Sample> samples = api.query(expr);
      if (samples.isEmpty()) {
        failures.add(what + " -> no data");
      } else if (samples.stream().noneMatch(s -> Double.isFinite(s.asDouble()))) {
        failures.add(what + " -> only NaN/Inf: " + samples);
      }
    } catch (IllegalStateException e) {
      failures.add(what + " -> " + e.getMessage());
    }
  }

  /** By {@code theme/unit}. */
  private Map<String, Double> byThemeAndUnit(String expr) {
    return api.query(expr + "{scenario=\"" + SCENARIO + "\"}").stream()
        .collect(Collectors.toMap(s -> s.label("theme") + "/" + s.label("unit"), Sample::asDouble));
  }

  private Map<String, Double> byTheme(String expr) {
    return api.query(expr + "{scenario=\"" + SCENARIO + "\"}").stream()
        .collect(Collectors.toMap(s -> s.label("theme"), Sample::asDouble));
  }

  private JsonNode reconciliation() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metricsPort + "/api/v1/reconciliation"))
                .timeout(Duration.ofSeconds(15))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static void await(
      String what, Duration timeout, BooleanSupplier condition, ChildProcess process)
      throws InterruptedException {
    try {
      Await.poll(timeout, Duration.ofMillis(250))
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "waiting for " + what + ", the process exited:\n" + process.tail());
                }
                return condition.getAsBoolean();
              });
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "timed out after " + timeout + " waiting for " + what + ":\n" + process.tail(), e);
    }
  }

  private static List<String> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> paths = Files.list(dir)) {
      return paths
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .sorted()
          .map(Path::toString)
          .toList();
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
