/**
 * Expansion of figures into events: counters into positive deltas that sum exactly to the figure,
 * gauges into observations whose latest is the figure, placed in time by the figure's profile.
 */
package io.tally.expand;
