package io.tally.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tally.avro.MetricTotal;
import io.tally.avro.RunDeclaration;
import io.tally.avro.RunStatus;
import io.tally.query.TotalsQueries;
import io.tally.reconcile.ReconciliationRow;
import io.tally.reconcile.ReconciliationTable;
import io.tally.runs.RunView;
import io.tally.topics.Keys;
import io.tally.topology.Declarations;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/runs[?scenario=S]}: every run the application knows, with its scenario, state,
 * figures declared, exact and pending, and first and last event time; {@code GET /api/v1/runs/{id}}
 * one run with each of its declared figures reconciled.
 */
public final class RunsRoute implements TallyHttpServer.Route {
  public static final String PATH = "/api/v1/runs";

  private final Supplier<Declarations> declarations;
  private final TotalsQueries totals;

  public RunsRoute(Supplier<Declarations> declarations, TotalsQueries totals) {
    this.declarations = declarations;
    this.totals = totals;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) {
    List<String> segments = RequestPath.segments(exchange, PATH);
    QueryParams params = QueryParams.parse(exchange, "scenario");
    RunView view = new RunView(declarations.get(), totals.runProgress());
    if (segments.isEmpty()) {
      ObjectNode body = Api.object();
      ArrayNode runs = body.putArray("runs");
      for (RunView.Run run : view.runs()) {
        if (TotalsRoute.matches(params.get("scenario"), run.status().getScenario())) {
          write(runs.addObject(), run);
        }
      }
      return Api.ok(body);
    }
    if (segments.size() == 1) {
      String runId = segments.get(0);
      RunView.Run run = view.run(runId).orElseThrow(() -> ApiError.notFound("no run " + runId));
      ObjectNode body = write(Api.object(), run);
      Map<String, MetricTotal> byKey = new HashMap<>();
      for (MetricTotal t : totals.metricTotals()) {
        byKey.put(Keys.metric(t.getScenario(), t.getTheme(), t.getMetric()), t);
      }
      ArrayNode figures = body.putArray("reconciliation");
      for (ReconciliationRow row : view.figures(runId, byKey).rows()) {
        ReconciliationTable.writeRow(figures.addObject(), row);
      }
      return Api.ok(body);
    }
    throw ApiError.notFound("no such API path: " + exchange.getRequestURI().getPath());
  }

  static ObjectNode write(ObjectNode node, RunView.Run run) {
    RunStatus s = run.status();
    node.put("runId", s.getRunId()).put("state", s.getState().name());
    ObjectNode scenario = node.putObject("scenario").put("id", s.getScenario());
    run.declaration()
        .ifPresent(
            d -> {
              scenario
                  .put("title", d.getScenario().getTitle())
                  .put("language", d.getScenario().getLanguage())
                  .put("timeZone", d.getScenario().getTimeZone())
                  .put("source", d.getScenario().getSource());
              ArrayNode themes = node.putArray("themes");
              d.getThemes()
                  .forEach(
                      t ->
                          themes
                              .addObject()
                              .put("id", t.getId())
                              .put("label", t.getLabel())
                              .put("figures", t.getFigures()));
              node.put("seed", d.getSeed())
                  .put("eventsPerFigure", d.getEventsPerFigure())
                  .put("declaredAt", d.getDeclaredAt().toString());
            });
    int mismatched = Math.max(0, s.getFiguresCounted() - s.getExact());
    node.put("figures", s.getFigures())
        .put("exact", s.getExact())
        .put("pending", Math.max(0, s.getFigures() - s.getFiguresCounted()))
        .put("mismatched", mismatched)
        .put("figuresStarted", s.getFiguresStarted())
        .put("events", s.getEvents())
        .put("eventsCounted", s.getEventsCounted())
        .put("complete", s.getState().name().equals("COMPLETE"));
    time(node, "firstEventTime", s.getFirstEventTime());
    time(node, "lastEventTime", s.getLastEventTime());
    RunDeclaration declared = run.declaration().orElse(null);
    if (declared != null) {
      node.put("declaredFirstEventTime", declared.getFirstEventTime().toString())
          .put("declaredLastEventTime", declared.getLastEventTime().toString());
    }
    if (s.getSupersededBy() == null) {
      node.putNull("supersededBy");
    } else {
      node.put("supersededBy", s.getSupersededBy());
    }
    node.put("stateLabel", s.getState().name().toLowerCase(Locale.ROOT));
    return node;
  }

  private static void time(ObjectNode node, String field, Instant time) {
    if (time == null) {
      node.putNull(field);
    } else {
      node.put(field, time.toString());
    }
  }
}
