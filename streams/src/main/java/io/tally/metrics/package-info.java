/**
 * Micrometer binders for Tally: event counters and latency (fed by the topology's observer) and
 * per-figure and per-theme gauges read from the active state stores. Each removes its meters on
 * close.
 */
package io.tally.metrics;
