package io.tally.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.query.TotalsQueries;
import io.tally.reconcile.ExpectedFigure;
import io.tally.reconcile.Reconciliation;
import io.tally.reconcile.ReconciliationTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/figures/{id}[?scenario=S]}: one figure, read from the instance that owns it;
 * {@code GET /api/v1/figures/{id}/daily[?scenario=S][&from=D][&to=D]}: its totals per local day of
 * its current run (days inclusive, ISO dates), oldest first.
 */
public final class FiguresRoute implements TallyHttpServer.Route {
  public static final String PATH = "/api/v1/figures";

  private final TotalsQueries totals;
  private final FigureResolver figures;

  public FiguresRoute(TotalsQueries totals, List<ExpectedFigure> expected) {
    this(totals, () -> expected);
  }

  /** With the figures reconciliation lists, asked anew for each request. */
  public FiguresRoute(TotalsQueries totals, Supplier<List<ExpectedFigure>> expected) {
    this.totals = totals;
    this.figures = new FigureResolver(expected, totals);
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) {
    List<String> segments = RequestPath.segments(exchange, PATH);
    if (segments.size() == 1) {
      QueryParams params = QueryParams.parse(exchange, "scenario");
      return figure(figures.resolve(segments.get(0), params.get("scenario")));
    }
    if (segments.size() == 2 && segments.get(1).equals("daily")) {
      QueryParams params = QueryParams.parse(exchange, "scenario", "from", "to");
      Optional<LocalDate> from = params.date("from");
      Optional<LocalDate> to = params.date("to");
      if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
        throw ApiError.badRequest("from (" + from.get() + ") is after to (" + to.get() + ")");
      }
      ExpectedFigure figure = figures.resolve(segments.get(0), params.get("scenario"));
      return daily(figure, from, to);
    }
    if (segments.isEmpty()) {
      throw ApiError.notFound(
          "name a figure: " + PATH + "/{id}; every figure is in /api/v1/totals");
    }
    throw ApiError.notFound("no such API path: " + exchange.getRequestURI().getPath());
  }

  private TallyHttpServer.Response figure(ExpectedFigure figure) {
    Optional<MetricTotal> total = totals.metricTotal(figure.metricKey());
    ObjectNode body =
        ReconciliationTable.writeRow(
            Api.object(), Reconciliation.reconcile(List.of(figure), key -> total).rows().get(0));
    if (total.isPresent()) {
      body.put("runId", total.get().getRunId())
          .put("lastEventTime", total.get().getLastEventTime().toString())
          .put("duplicates", total.get().getDuplicates());
    } else {
      body.putNull("runId").putNull("lastEventTime").put("duplicates", 0);
    }
    return Api.ok(body);
  }

  private TallyHttpServer.Response daily(
      ExpectedFigure figure, Optional<LocalDate> from, Optional<LocalDate> to) {
    Optional<MetricTotal> total = totals.metricTotal(figure.metricKey());
    // Days of earlier runs may linger until the new run reaches them: show the current run only.
    List<MetricDailyTotal> days =
        total.isEmpty()
            ? List.of()
            : totals.dailyTotals(figure.metricKey()).stream()
                .filter(d -> d.getRunId().equals(total.get().getRunId()))
                .filter(d -> from.isEmpty() || !d.getDay().isBefore(from.get()))
                .filter(d -> to.isEmpty() || !d.getDay().isAfter(to.get()))
                .sorted(Comparator.comparing(MetricDailyTotal::getDay))
                .toList();
    ObjectNode body =
        Api.object()
            .put("figureId", figure.figureId())
            .put("scenario", figure.scenario())
            .put("theme", figure.theme())
            .put("metric", figure.metric())
            .put("unit", figure.unit())
            .put("kind", figure.kind().name().toLowerCase(Locale.ROOT));
    if (total.isPresent()) {
      body.put("runId", total.get().getRunId());
    } else {
      body.putNull("runId");
    }
    ArrayNode list = body.putArray("days");
    for (MetricDailyTotal day : days) {
      list.addObject()
          .put("day", day.getDay().toString())
          .put("value", BigDecimal.valueOf(day.getValue(), day.getScale()).toPlainString())
          .put("events", day.getEvents())
          .put("lastEventTime", day.getLastEventTime().toString());
    }
    return Api.ok(body);
  }
}
