/**
 * HTTP endpoints of the streams application: Prometheus metrics, health, and the JSON API v1
 * (totals, themes, figures and their daily totals, reconciliation) that answers for the whole
 * application through {@link io.tally.query.TotalsQueries}, plus the internal endpoint the
 * instances read each other's partitions with. Each route is a small class; the server only routes;
 * {@link io.tally.http.Api} holds the JSON and error conventions.
 */
package io.tally.http;
