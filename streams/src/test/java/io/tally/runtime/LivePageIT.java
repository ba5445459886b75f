package io.tally.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.broker.BrokerOptions;
import io.tally.broker.EmbeddedKafkaBroker;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.Pacing;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.scenario.ScenarioLoader;
import io.tally.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in a real browser (headless Chromium) against a real broker and streams service,
 * during and after a paced replay of the bundled report: the page shows what the API says, a
 * theme's bar moves while the run replays, and at the end every figure of the table is exact. It
 * also takes the pictures of the README and {@code docs/dashboard.md} ({@code
 * target/screenshots/}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePageIT {
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final Duration REPLAY = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the page shows, read from its DOM. */
  private static final String SNAPSHOT =
      """
      JSON.stringify({
        state: document.getElementById('state').dataset.state || null,
        renders: Number(document.body.dataset.renders || 0),
        exact: Number(document.getElementById('exact').textContent),
        figures: Number(document.getElementById('figures').textContent),
        eventsCounted: Number(document.getElementById('events-counted').textContent.replace(/,/g, '')),
        reportTime: document.getElementById('report-time').dateTime,
        themes: [...document.querySelectorAll('#themes li')].map(li => ({
          id: li.dataset.theme, exact: Number(li.dataset.exact),
          declared: Number(li.dataset.declared),
          bar: li.querySelector('.bar > div').style.width,
          text: li.textContent})),
        rows: [...document.querySelectorAll('#reconciliation tbody tr')].map(tr => ({
          figure: tr.dataset.figure, status: tr.dataset.status,
          statusText: tr.querySelector('.status').textContent,
          label: tr.querySelector('summary').textContent,
          sentence: tr.querySelector('details p').textContent,
          stated: tr.querySelector('.stated').textContent.replace(/,/g, ''),
          counted: tr.querySelector('.counted').textContent.replace(/,/g, ''),
          unit: tr.querySelector('.unit').textContent,
          qualifier: tr.querySelector('.qualifier').textContent})),
        chartFigure: document.getElementById('chart').dataset.figure || null,
        chartDays: Number(document.getElementById('chart').dataset.days || 0),
        canvas: document.querySelectorAll('#chart canvas').length,
        foreign: performance.getEntriesByType('resource')
          .map(e => e.name).filter(n => !n.startsWith(location.origin)),
        scrollWidth: document.documentElement.scrollWidth
      })
      """;

  private EmbeddedKafkaBroker broker;
  private StreamsService service;
  private Expander expander;
  private Path dir;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    broker = EmbeddedKafkaBroker.start(BrokerOptions.defaults().withDefaultPartitions(3));
    expander =
        new Expander(
            ScenarioLoader.loadBundled("double11-2022"), new ExpansionOptions(15, 10, null));
    service = LocalService.start(broker, dir.resolve("state"), "tally-live-page-it", 3, List.of());
  }

  @AfterAll
  void stop() {
    if (service != null) {
      service.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void thePageFillsUpWhileTheReportReplaysAndEndsWithEveryFigureExact() throws Exception {
    Optional<Path> binary = Chromium.binary();
    if (!"true".equals(System.getenv("CI"))) {
      assumeThat(binary).as("Debian's chromium (apt-get install chromium)").isPresent();
    }
    assertThat(binary).as("chromium, which .ci/run installs").isPresent();
    String runId = expander.runId();
    String base = "http://127.0.0.1:" + service.httpPort();

    ReplaySettings settings = ReplaySettings.defaults(broker.bootstrapServers());
    long[] times = new long[(int) expander.eventCount()];
    int[] i = {0};
    expander.events().forEachRemaining(e -> times[i[0]++] = e.getEventTime().toEpochMilli());
    Arrays.sort(times);
    ReplayJob job =
        new ReplayJob(
            settings.withSpeed(Pacing.speedFor(times, REPLAY, settings.maxGap().toMillis())));
    CompletableFuture<ReplaySummary> replay =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return job.run(expander, ProgressListener.NONE);
              } catch (Exception e) {
                throw new IllegalStateException("the replay failed", e);
              }
            });

    try (Chromium browser = Chromium.start(binary.get(), dir, 1280, 900)) {
      browser.viewport(1280, 900, false);
      Await.until(
          "the run declared",
          SETTLE,
          () -> get("/api/v1/runs"),
          r -> r.path("runs").toString().contains(runId),
          JsonNode::toString);
      browser.navigate(base + "/runs/" + runId);

      // While the run replays: each theme's bar as the page drew it, and what the API said after.
      Map<String, Set<String>> barsWhileReplaying = new HashMap<>();
      List<JsonNode> seen = new ArrayList<>();
      AtomicBoolean midShot = new AtomicBoolean();
      // Until the page says the run is complete (the app counts the last events after they are
      // sent), a look at the page every 400 ms.
      Await.poll(SETTLE.plus(REPLAY), Duration.ofMillis(400))
          .until(
              () -> {
                JsonNode page = snapshotOrNull(browser);
                if (page != null && "COMPLETE".equals(page.path("state").asText())) {
                  return true;
                }
                if (page != null && "REPLAYING".equals(page.path("state").asText())) {
                  seen.add(page);
                  for (JsonNode theme : page.path("themes")) {
                    barsWhileReplaying
                        .computeIfAbsent(theme.path("id").asText(), k -> new HashSet<>())
                        .add(theme.path("bar").asText());
                  }
                  JsonNode after = get("/api/v1/runs/" + runId);
                  // The API only moves forward, so the page never shows more than it says next.
                  assertThat(page.path("exact").asInt()).isLessThanOrEqualTo(exactRows(after));
                  assertThat(page.path("eventsCounted").asLong())
                      .isLessThanOrEqualTo(after.path("eventsCounted").asLong());
                  int themesExact = 0;
                  for (JsonNode theme : page.path("themes")) {
                    themesExact += theme.path("exact").asInt();
                  }
                  assertThat(themesExact).isEqualTo(page.path("exact").asInt());
                  if (page.path("exact").asInt() > 10 && midShot.compareAndSet(false, true)) {
                    browser.screenshot(Path.of("target/screenshots/live-page-replaying.png"));
                  }
                }
                return false;
              });
      assertThat(replay.get(SETTLE.toSeconds(), TimeUnit.SECONDS).complete()).isTrue();
      assertThat(seen).as("page snapshots while the run replayed").hasSizeGreaterThan(3);
      assertThat(barsWhileReplaying.values())
          .as("a theme's bar moves while the run replays: %s", barsWhileReplaying)
          .anyMatch(widths -> widths.size() >= 2);

      // After: the page says COMPLETE, and every number on it is the API's.
      JsonNode api =
          Await.until(
              "the run COMPLETE",
              SETTLE,
              () -> get("/api/v1/runs/" + runId),
              r -> r.path("state").asText().equals("COMPLETE"),
              JsonNode::toString);
      JsonNode page =
          Await.until(
              "the page showing the run COMPLETE",
              SETTLE,
              () -> snapshot(browser),
              p -> p.path("state").asText().equals("COMPLETE") && p.path("chartDays").asInt() > 0,
              JsonNode::toString);
      assertThat(page.path("foreign")).as("resources from elsewhere").isEmpty();
      assertThat(page.path("canvas").asInt()).as("the chart drawn by uPlot").isPositive();
      assertThat(page.path("exact").asInt())
          .isEqualTo(api.path("exact").asInt())
          .isEqualTo(exactRows(api))
          .isEqualTo(43);
      assertThat(page.path("figures").asInt()).isEqualTo(api.path("figures").asInt());
      assertThat(page.path("eventsCounted").asLong())
          .isEqualTo(api.path("eventsCounted").asLong())
          .isEqualTo(expander.eventCount());
      assertThat(page.path("reportTime").asText()).isEqualTo(api.path("lastEventTime").asText());

      JsonNode rows = page.path("rows");
      JsonNode figures = api.path("reconciliation");
      assertThat(rows.size()).isEqualTo(figures.size()).isEqualTo(43);
      for (int n = 0; n < rows.size(); n++) {
        JsonNode row = rows.get(n);
        JsonNode figure = figures.get(n);
        assertThat(row.path("figure").asText()).isEqualTo(figure.path("figureId").asText());
        assertThat(row.path("status").asText()).isEqualTo("EXACT");
        assertThat(row.path("statusText").asText()).contains("exact");
        assertThat(row.path("label").asText()).isEqualTo(figure.path("label").asText());
        assertThat(row.path("sentence").asText()).isEqualTo(figure.path("sentence").asText());
        assertThat(row.path("stated").asText()).isEqualTo(figure.path("stated").asText());
        assertThat(row.path("counted").asText()).isEqualTo(figure.path("aggregated").asText());
        assertThat(row.path("unit").asText()).isEqualTo(figure.path("unit").asText());
        assertThat(row.path("qualifier").asText())
            .isEqualTo(figure.path("qualifier").asText().replace('_', ' '));
      }

      // Each theme: exact of declared, as /api/v1/themes counts them for the run.
      Map<String, JsonNode> themes = new HashMap<>();
      get("/api/v1/themes?scenario=double11-2022")
          .path("themes")
          .forEach(t -> themes.put(t.path("theme").asText(), t));
      assertThat(page.path("themes").size()).isEqualTo(themes.size());
      for (JsonNode theme : page.path("themes")) {
        JsonNode expected = themes.get(theme.path("id").asText());
        assertThat(theme.path("declared").asInt())
            .isEqualTo(expected.path("figuresDeclared").asInt());
        assertThat(theme.path("exact").asInt())
            .isEqualTo(expected.path("figuresComplete").asInt())
            .isEqualTo(theme.path("declared").asInt());
        assertThat(theme.path("bar").asText()).isEqualTo("100%");
      }

      // The chart: the chosen figure's days, as the API lists them (the page reads them anew).
      String chosen = page.path("chartFigure").asText();
      String dailyPath = "/api/v1/figures/" + chosen + "/daily?scenario=double11-2022";
      Await.until(
          "the chart showing every day of " + chosen,
          SETTLE,
          () -> snapshot(browser).path("chartDays").asInt() == get(dailyPath).path("days").size(),
          same -> same,
          same -> "page " + snapshot(browser).path("chartDays") + ", API " + get(dailyPath));
      browser.screenshot(Path.of("target/screenshots/live-page.png"));

      // On a phone-sized screen: nothing wider than the screen (the table scrolls in its box).
      browser.viewport(390, 844, true);
      JsonNode phone =
          Await.until(
              "the page laid out for a phone",
              SETTLE,
              () -> snapshot(browser),
              p -> p.path("scrollWidth").asInt() <= 390,
              JsonNode::toString);
      assertThat(phone.path("exact").asInt()).isEqualTo(43);
      browser.screenshot(Path.of("target/screenshots/live-page-phone.png"));
    } finally {
      job.stop();
    }
  }

  private static int exactRows(JsonNode run) {
    int exact = 0;
    for (JsonNode figure : run.path("reconciliation")) {
      exact += figure.path("status").asText().equals("EXACT") ? 1 : 0;
    }
    return exact;
  }

  /** The page's snapshot, or null while it is still loading. */
  private static JsonNode snapshotOrNull(Chromium browser) {
    try {
      return snapshot(browser);
    } catch (AssertionError e) {
      return null;
    }
  }

  private static JsonNode snapshot(Chromium browser) {
    try {
      return JSON.readTree(browser.evaluate(SNAPSHOT).asText());
    } catch (Exception e) {
      throw new AssertionError("cannot read the page: " + e.getMessage(), e);
    }
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + path))
                  .timeout(Duration.ofSeconds(10))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("GET " + path + " answered " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError("GET " + path + ": " + e.getMessage(), e);
    }
  }
}
