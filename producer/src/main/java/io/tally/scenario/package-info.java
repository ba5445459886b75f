/**
 * Scenario files: the model of a report (themes, figures, periods), loading from files or bundled
 * resources, and validation that names the file, line and field of every problem.
 */
package io.tally.scenario;
