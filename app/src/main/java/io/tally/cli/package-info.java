/**
 * The {@code tally} command line: the only place that reads flags and the environment, turns them
 * into typed settings, prints them (secrets masked) and wires the other packages together.
 */
package io.tally.cli;
