package io.tally.scenario;

/**
 * A theme of a report (employment, helping farmers, ...).
 *
 * @param labelOriginal the label in the report's language, or empty
 */
public record Theme(String id, String label, String labelOriginal) {}
