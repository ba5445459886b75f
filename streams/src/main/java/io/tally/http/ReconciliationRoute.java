package io.tally.http;

import com.sun.net.httpserver.HttpExchange;
import io.tally.reconcile.Reconciliation;
import io.tally.reconcile.ReconciliationTable;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/reconciliation}: every expected figure with its expected and aggregated value
 * and status (pending, exact, mismatch), as JSON; {@code ?format=text} gives the table.
 */
public final class ReconciliationRoute implements TallyHttpServer.Route {
  private final Supplier<Reconciliation.Result> reconcile;

  public ReconciliationRoute(Supplier<Reconciliation.Result> reconcile) {
    this.reconcile = reconcile;
  }

  @Override
  public TallyHttpServer.Response handle(HttpExchange exchange) {
    Reconciliation.Result result = reconcile.get();
    String query = exchange.getRequestURI().getQuery();
    if (query != null && query.contains("format=text")) {
      return TallyHttpServer.Response.text(200, ReconciliationTable.render(result));
    }
    return TallyHttpServer.Response.json(200, ReconciliationTable.toJson(result));
  }
}
