package io.tally.scenario;

/**
 * One thing wrong with a scenario file, located for its author.
 *
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param field the field's path such as {@code figures[3].value}, or empty
 */
public record Problem(String file, int line, String field, String message) {
  /** {@code file:line: field: message}, the form editors and terminals recognise. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (!field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(message).toString();
  }
}
