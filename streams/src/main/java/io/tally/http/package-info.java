/**
 * HTTP endpoints of the streams application: Prometheus metrics, health and the reconciliation and
 * totals API. Each route is a small class; the server only routes.
 */
package io.tally.http;
