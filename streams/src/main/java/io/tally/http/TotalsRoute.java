package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import io.tally.avro.MetricTotal;
import io.tally.query.TotalsQueries;
import io.tally.reconcile.ExpectedFigure;
import io.tally.reconcile.Reconciliation;
import io.tally.reconcile.ReconciliationTable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/totals[?scenario=S][&theme=T]}: every figure of the whole application
 * (whichever instance holds it), with its expected and aggregated value and status, and a summary;
 * the expected figures come first, figures of other scenarios after them.
 */
public final class TotalsRoute implements TallyHttpServer.Route {
  public static final String PATH = "/api/v1/totals";

  private final TotalsQueries totals;
  private final Supplier<List<ExpectedFigure>> expected;

  public TotalsRoute(TotalsQueries totals, List<ExpectedFigure> expected) {
    this(totals, () -> expected);
  }

  /**
   * With the figures reconciliation lists, asked anew for each request (runs are declared at any
   * time).
   */
  public TotalsRoute(TotalsQueries totals, Supplier<List<ExpectedFigure>> expected) {
    this.totals = totals;
    this.expected = expected;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) {
    if (!RequestPath.segments(exchange, PATH).isEmpty()) {
      throw ApiError.notFound("no such API path: " + exchange.getRequestURI().getPath());
    }
    QueryParams params = QueryParams.parse(exchange, "scenario", "theme");
    Optional<String> scenario = params.get("scenario");
    Optional<String> theme = params.get("theme");
    List<MetricTotal> found =
        totals.metricTotals().stream()
            .filter(t -> matches(scenario, t.getScenario()) && matches(theme, t.getTheme()))
            .toList();
    List<ExpectedFigure> wanted =
        expected.get().stream()
            .filter(f -> matches(scenario, f.scenario()) && matches(theme, f.theme()))
            .toList();
    Reconciliation.Result result = Reconciliation.reconcileAll(wanted, found);
    if (result.rows().isEmpty() && (scenario.isPresent() || theme.isPresent())) {
      throw ApiError.notFound(
          "no figures"
              + scenario.map(s -> " of scenario " + s).orElse("")
              + theme.map(t -> " in theme " + t).orElse(""));
    }
    return TallyHttpServer.Response.json(200, ReconciliationTable.toJson(result) + "\n");
  }

  static boolean matches(Optional<String> wanted, String actual) {
    return wanted.isEmpty() || wanted.get().equals(actual);
  }
}
