package io.tally.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.avro.ThemeTotal;
import io.tally.query.TestTotals;
import io.tally.query.TotalsQueries;
import io.tally.query.UnavailableException;
import io.tally.reconcile.ExpectedFigure;
import io.tally.topics.Keys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The JSON API's routes on a real HTTP server over a fake {@link TotalsQueries}: shapes of the
 * answers, and the 404s, 400s and 503s, all with JSON error bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Expected: two figures of scenario s; "orders" also exists in scenario t (not expected). */
  private static final List<ExpectedFigure> EXPECTED =
      List.of(
          expected("s", "farmers", "orders", "farm-orders", 20),
          expected("s", "green", "trees", "trees", 10));

  private final FakeTotals totals = new FakeTotals();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TallyHttpServer server;

  @BeforeAll
  void start() throws IOException {
    server = TallyHttpServer.start("127.0.0.1", 0, Map.of());
    server.route("/api/", Api.unknownPath());
    server.route(TotalsRoute.PATH, Api.guarded(new TotalsRoute(totals, EXPECTED)));
    TallyHttpServer.Route themes = Api.guarded(new ThemesRoute(totals, EXPECTED));
    server.route(ThemesRoute.PATH, themes);
    server.route(ThemesRoute.PATH + "/", themes);
    TallyHttpServer.Route figures = Api.guarded(new FiguresRoute(totals, EXPECTED));
    server.route(FiguresRoute.PATH, figures);
    server.route(FiguresRoute.PATH + "/", figures);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void state() {
    MetricTotal orders = TestTotals.metric("s", "farmers", "orders", "farm-orders", 20, 20);
    MetricTotal otherOrders = TestTotals.metric("t", "farmers", "orders", "farm-orders", 7, 9);
    MetricTotal bees = TestTotals.metric("t", "green", "bees", "bees", 3, 3);
    totals.metrics = List.of(orders, otherOrders, bees);
    totals.themes = List.of(TestTotals.theme("s", "farmers", 1), TestTotals.theme("t", "green", 1));
    totals.days =
        List.of(
            TestTotals.day(orders, LocalDate.parse("2022-11-11"), 15, TestTotals.RUN),
            TestTotals.day(orders, LocalDate.parse("2022-11-10"), 5, TestTotals.RUN),
            TestTotals.day(orders, LocalDate.parse("2022-11-09"), 99, "an-older-run"));
    totals.unavailable = false;
    totals.asked.clear();
  }

  @Test
  void totalsListEveryFigureExpectedFirst() throws Exception {
    JsonNode body = ok("/api/v1/totals");
    assertThat(body.at("/summary/figures").asInt()).isEqualTo(4);
    assertThat(body.at("/summary/pending").asInt()).isEqualTo(1); // trees: no total yet
    assertThat(texts(body.get("figures"), "figureId"))
        .containsExactly("farm-orders", "trees", "farm-orders", "bees");
    JsonNode first = body.at("/figures/0");
    assertThat(first.get("scenario").asText()).isEqualTo("s");
    assertThat(first.get("expected").asText()).isEqualTo("20");
    assertThat(first.get("aggregated").asText()).isEqualTo("20");
    assertThat(first.get("status").asText()).isEqualTo("EXACT");
    assertThat(body.at("/figures/1/aggregated").isNull()).isTrue();
    assertThat(body.at("/figures/2/status").asText()).isEqualTo("MISMATCH");
  }

  @Test
  void totalsFilterByScenarioAndTheme() throws Exception {
    assertThat(texts(ok("/api/v1/totals?scenario=t").get("figures"), "figureId"))
        .containsExactly("farm-orders", "bees");
    assertThat(texts(ok("/api/v1/totals?theme=green").get("figures"), "figureId"))
        .containsExactly("trees", "bees");
    error("/api/v1/totals?scenario=nope", 404, "not_found", "no figures of scenario nope");
  }

  @Test
  void themesListExpectedThemesEvenWithoutRollup() throws Exception {
    JsonNode themes = ok("/api/v1/themes").get("themes");
    assertThat(texts(themes, "theme")).containsExactly("farmers", "green", "green");
    assertThat(texts(themes, "scenario")).containsExactly("s", "s", "t");
    assertThat(themes.get(0).get("figuresExpected").asInt()).isEqualTo(1);
    assertThat(themes.get(0).get("figuresComplete").asInt()).isEqualTo(1);
    assertThat(themes.get(1).get("runId").isNull()).isTrue();
    assertThat(texts(ok("/api/v1/themes?scenario=t").get("themes"), "theme"))
        .containsExactly("green");
  }

  @Test
  void oneThemeHasItsFiguresPerScenario() throws Exception {
    JsonNode farmers = ok("/api/v1/themes/farmers");
    assertThat(farmers.get("theme").asText()).isEqualTo("farmers");
    assertThat(texts(farmers.get("scenarios"), "scenario")).containsExactly("s", "t");
    assertThat(farmers.at("/scenarios/0/figures/0/aggregated").asText()).isEqualTo("20");
    assertThat(farmers.at("/scenarios/1/figures/0/aggregated").asText()).isEqualTo("7");

    JsonNode inT = ok("/api/v1/themes/farmers?scenario=t");
    assertThat(texts(inT.get("scenarios"), "scenario")).containsExactly("t");
    assertThat(totals.asked).contains("themeTotal t/farmers");
  }

  @Test
  void unknownThemeIs404() throws Exception {
    error("/api/v1/themes/nope", 404, "not_found", "no theme nope");
    error(
        "/api/v1/themes/green?scenario=nope", 404, "not_found", "no theme green in scenario nope");
  }

  @Test
  void aFigureIsReadByItsKey() throws Exception {
    JsonNode trees = ok("/api/v1/figures/trees");
    assertThat(trees.get("status").asText()).isEqualTo("PENDING");
    assertThat(trees.get("aggregated").isNull()).isTrue();
    assertThat(totals.asked).containsExactly("metricTotal s/green/trees");

    JsonNode orders = ok("/api/v1/figures/farm-orders?scenario=s");
    assertThat(orders.get("aggregated").asText()).isEqualTo("20");
    assertThat(orders.get("runId").asText()).isEqualTo(TestTotals.RUN);
    assertThat(orders.get("lastEventTime").asText()).isEqualTo("2022-11-11T15:59:59Z");
  }

  @Test
  void aFigureOfAnotherScenarioIsFoundAmongAllTotals() throws Exception {
    JsonNode bees = ok("/api/v1/figures/bees");
    assertThat(bees.get("scenario").asText()).isEqualTo("t");
    assertThat(bees.get("status").asText()).isEqualTo("EXACT");
    JsonNode other = ok("/api/v1/figures/farm-orders?scenario=t");
    assertThat(other.get("aggregated").asText()).isEqualTo("7");
  }

  @Test
  void figureErrors() throws Exception {
    error("/api/v1/figures/nope", 404, "not_found", "no figure nope");
    error("/api/v1/figures/trees?scenario=t", 404, "not_found", "no figure trees in scenario t");
    error("/api/v1/figures/trees?scenrio=s", 400, "bad_request", "unknown parameter \"scenrio\"");
    error("/api/v1/figures/trees?scenario=", 400, "bad_request", "parameter scenario is empty");
    error("/api/v1/figures/trees?scenario=s&scenario=s", 400, "bad_request", "more than once");
    error("/api/v1/figures/trees/weekly", 404, "not_found", "no such API path");
    error("/api/v1/figures", 404, "not_found", "name a figure");
    error("/api/v1/nothing", 404, "not_found", "no such API path: /api/v1/nothing");
  }

  @Test
  void aFigureIdInTwoScenariosNeedsTheScenarioWhenNeitherIsExpected() throws Exception {
    totals.metrics =
        List.of(
            TestTotals.metric("u", "green", "bees", "bees", 3, 3),
            TestTotals.metric("t", "green", "bees", "bees", 3, 3));
    error("/api/v1/figures/bees", 400, "bad_request", "exists in scenarios u, t");
    assertThat(ok("/api/v1/figures/bees?scenario=u").get("scenario").asText()).isEqualTo("u");
  }

  @Test
  void dailyTotalsOfTheCurrentRunOldestFirst() throws Exception {
    JsonNode daily = ok("/api/v1/figures/farm-orders/daily?scenario=s");
    assertThat(texts(daily.get("days"), "day")).containsExactly("2022-11-10", "2022-11-11");
    assertThat(texts(daily.get("days"), "value")).containsExactly("5", "15");
    assertThat(daily.get("kind").asText()).isEqualTo("counter");
    assertThat(
            texts(
                ok("/api/v1/figures/farm-orders/daily?from=2022-11-11&to=2022-11-11").get("days"),
                "day"))
        .containsExactly("2022-11-11");
    assertThat(ok("/api/v1/figures/trees/daily").get("days")).isEmpty();
  }

  @Test
  void dailyParameterErrors() throws Exception {
    error("/api/v1/figures/farm-orders/daily?from=11/11/2022", 400, "bad_request", "not a date");
    error(
        "/api/v1/figures/farm-orders/daily?from=2022-11-12&to=2022-11-11",
        400,
        "bad_request",
        "is after");
  }

  @Test
  void aKeyInMigrationIs503WithRetryAfterNeverANumber() throws Exception {
    totals.unavailable = true;
    for (String path :
        List.of(
            "/api/v1/totals",
            "/api/v1/themes",
            "/api/v1/themes/green",
            "/api/v1/figures/trees",
            "/api/v1/figures/trees/daily")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).as(path).hasValue("2");
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("error").asText()).isEqualTo("unavailable");
      assertThat(body.get("message").asText()).contains("rebalancing");
      assertThat(body.get("retryAfterSeconds").asInt()).isEqualTo(2);
    }
  }

  @Test
  void badParametersAre400EvenWhileRebalancing() throws Exception {
    totals.unavailable = true;
    error("/api/v1/totals?colour=red", 400, "bad_request", "takes scenario, theme");
  }

  private JsonNode ok(String path) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    return JSON.readTree(response.body());
  }

  private void error(String path, int status, String error, String message) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(body.get("error").asText()).isEqualTo(error);
    assertThat(body.get("message").asText()).contains(message);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  private static ExpectedFigure expected(
      String scenario, String theme, String metric, String id, long value) {
    return new ExpectedFigure(
        scenario,
        theme,
        metric,
        id,
        "label of " + id,
        "people",
        FigureKind.COUNTER,
        Qualifier.EXACT,
        value,
        0);
  }

  /** Totals held in lists; {@code unavailable} makes every query fail as in a rebalance. */
  private static final class FakeTotals implements TotalsQueries {
    volatile List<MetricTotal> metrics = List.of();
    volatile List<ThemeTotal> themes = List.of();
    volatile List<MetricDailyTotal> days = List.of();
    volatile boolean unavailable;
    final List<String> asked = new CopyOnWriteArrayList<>();

    private void check() {
      if (unavailable) {
        throw new UnavailableException("partition 2 has no active owner (rebalancing)");
      }
    }

    @Override
    public List<MetricTotal> metricTotals() {
      check();
      asked.add("metricTotals");
      return metrics;
    }

    @Override
    public List<ThemeTotal> themeTotals() {
      check();
      asked.add("themeTotals");
      return themes;
    }

    @Override
    public Optional<MetricTotal> metricTotal(String metricKey) {
      check();
      asked.add("metricTotal " + metricKey);
      return metrics.stream().filter(t -> TestTotals.key(t).equals(metricKey)).findFirst();
    }

    @Override
    public Optional<ThemeTotal> themeTotal(String themeKey) {
      check();
      asked.add("themeTotal " + themeKey);
      return themes.stream()
          .filter(t -> Keys.theme(t.getScenario(), t.getTheme()).equals(themeKey))
          .findFirst();
    }

    @Override
    public List<MetricDailyTotal> dailyTotals(String metricKey) {
      check();
      asked.add("dailyTotals " + metricKey);
      return days.stream()
          .filter(
              d -> (Keys.metric(d.getScenario(), d.getTheme(), d.getMetric())).equals(metricKey))
          .toList();
    }
  }
}
