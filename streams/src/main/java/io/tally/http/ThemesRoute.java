package io.tally.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tally.avro.MetricTotal;
import io.tally.avro.ThemeTotal;
import io.tally.query.TotalsQueries;
import io.tally.reconcile.ExpectedFigure;
import io.tally.reconcile.Reconciliation;
import io.tally.reconcile.ReconciliationRow;
import io.tally.reconcile.ReconciliationTable;
import io.tally.topics.Keys;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/themes[?scenario=S]}: every theme's rollup; {@code GET
 * /api/v1/themes/{theme}[?scenario=S]}: one theme in each scenario that has it (or in S), with its
 * figures. Themes are those of the expected scenarios (even before any event) and any other with a
 * rollup.
 */
public final class ThemesRoute implements TallyHttpServer.Route {
  public static final String PATH = "/api/v1/themes";

  private final TotalsQueries totals;
  private final Supplier<List<ExpectedFigure>> expected;

  public ThemesRoute(TotalsQueries totals, List<ExpectedFigure> expected) {
    this(totals, () -> expected);
  }

  /**
   * With the figures reconciliation lists, asked anew for each request (runs are declared at any
   * time).
   */
  public ThemesRoute(TotalsQueries totals, Supplier<List<ExpectedFigure>> expected) {
    this.totals = totals;
    this.expected = expected;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) {
    List<String> segments = RequestPath.segments(exchange, PATH);
    QueryParams params = QueryParams.parse(exchange, "scenario");
    Optional<String> scenario = params.get("scenario");
    if (segments.isEmpty()) {
      return all(scenario);
    }
    if (segments.size() == 1) {
      return one(segments.get(0), scenario);
    }
    throw ApiError.notFound("no such API path: " + exchange.getRequestURI().getPath());
  }

  private TallyHttpServer.Response all(Optional<String> scenario) {
    Map<String, ThemeTotal> rollups = new LinkedHashMap<>();
    totals.themeTotals().stream()
        .filter(t -> TotalsRoute.matches(scenario, t.getScenario()))
        .sorted(Comparator.comparing(ThemesRoute::key))
        .forEach(t -> rollups.put(key(t), t));
    Set<String> keys = new LinkedHashSet<>();
    expected.get().stream()
        .filter(f -> TotalsRoute.matches(scenario, f.scenario()))
        .forEach(f -> keys.add(Keys.theme(f.scenario(), f.theme())));
    keys.addAll(rollups.keySet());
    if (keys.isEmpty() && scenario.isPresent()) {
      throw ApiError.notFound("no themes of scenario " + scenario.get());
    }
    ObjectNode body = Api.object();
    ArrayNode themes = body.putArray("themes");
    for (String key : keys) {
      int slash = key.indexOf('/');
      writeTheme(
          themes.addObject(),
          key.substring(0, slash),
          key.substring(slash + 1),
          Optional.ofNullable(rollups.get(key)));
    }
    return Api.ok(body);
  }

  private TallyHttpServer.Response one(String theme, Optional<String> scenario) {
    List<ThemeTotal> rollups =
        scenario.isPresent()
            ? totals.themeTotal(Keys.theme(scenario.get(), theme)).stream().toList()
            : totals.themeTotals().stream().filter(t -> t.getTheme().equals(theme)).toList();
    List<MetricTotal> found =
        totals.metricTotals().stream()
            .filter(
                t -> t.getTheme().equals(theme) && TotalsRoute.matches(scenario, t.getScenario()))
            .toList();
    List<ExpectedFigure> wanted =
        expected.get().stream()
            .filter(f -> f.theme().equals(theme) && TotalsRoute.matches(scenario, f.scenario()))
            .toList();
    List<ReconciliationRow> rows = Reconciliation.reconcileAll(wanted, found).rows();
    Set<String> scenarios = new LinkedHashSet<>();
    rows.forEach(r -> scenarios.add(r.figure().scenario()));
    rollups.stream().map(ThemeTotal::getScenario).sorted().forEach(scenarios::add);
    if (scenarios.isEmpty()) {
      throw ApiError.notFound(
          "no theme " + theme + scenario.map(s -> " in scenario " + s).orElse(""));
    }
    ObjectNode body = Api.object().put("theme", theme);
    ArrayNode perScenario = body.putArray("scenarios");
    for (String s : scenarios) {
      ObjectNode node = perScenario.addObject();
      writeTheme(
          node, s, theme, rollups.stream().filter(t -> t.getScenario().equals(s)).findFirst());
      ArrayNode figures = node.putArray("figures");
      rows.stream()
          .filter(r -> r.figure().scenario().equals(s))
          .forEach(r -> ReconciliationTable.writeRow(figures.addObject(), r));
    }
    return Api.ok(body);
  }

  private void writeTheme(
      ObjectNode node, String scenario, String theme, Optional<ThemeTotal> rollup) {
    long figuresExpected =
        expected.get().stream()
            .filter(f -> f.scenario().equals(scenario) && f.theme().equals(theme))
            .count();
    node.put("scenario", scenario)
        .put("theme", theme)
        .put("figuresExpected", figuresExpected)
        .put("figuresSeen", rollup.map(ThemeTotal::getFiguresSeen).orElse(0))
        .put("figuresComplete", rollup.map(ThemeTotal::getFiguresComplete).orElse(0))
        .put("events", rollup.map(ThemeTotal::getEvents).orElse(0L))
        .put("eventsExpected", rollup.map(ThemeTotal::getEventsExpected).orElse(0L))
        .put("figuresDeclared", figuresExpected)
        .put(
            "shareComplete",
            figuresExpected > 0
                ? rollup.map(ThemeTotal::getFiguresComplete).orElse(0) / (double) figuresExpected
                : rollup.map(ThemeTotal::getShareComplete).orElse(0.0));
    if (rollup.isPresent()) {
      node.put("runId", rollup.get().getRunId());
    } else {
      node.putNull("runId");
    }
  }

  private static String key(ThemeTotal t) {
    return Keys.theme(t.getScenario(), t.getTheme());
  }
}
