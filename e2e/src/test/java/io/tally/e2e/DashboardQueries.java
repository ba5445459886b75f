package io.tally.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of a Grafana dashboard: every target of every panel (rows' nested panels included) and
 * every query variable, with Grafana's variables substituted so Prometheus can evaluate them.
 */
final class DashboardQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_][a-zA-Z0-9_]*)\\}?");

  /** One query of a dashboard: where it is, the expression as written, and as evaluated. */
  record Query(String dashboard, String where, String written, String evaluated) {
    @Override
    public String toString() {
      return dashboard + " / " + where + ": " + evaluated;
    }
  }

  private DashboardQueries() {}

  static JsonNode read(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  /**
   * Every query of the dashboard, with {@code $name} and {@code ${name}} replaced from {@code
   * variables}; a query variable's {@code label_values(selector, label)} becomes {@code group by
   * (label) (selector)}, which returns one sample per value the variable would offer.
   *
   * @throws IllegalArgumentException if a query uses a variable that has no value given
   */
  static List<Query> of(JsonNode dashboard, Map<String, String> variables) {
    String title = dashboard.path("title").asText();
    List<Query> queries = new ArrayList<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (!"query".equals(variable.path("type").asText())) {
        continue;
      }
      JsonNode q = variable.path("query");
      String written = q.isTextual() ? q.asText() : q.path("query").asText();
      Matcher m = LABEL_VALUES.matcher(written);
      String expr = m.matches() ? "group by (" + m.group(2) + ") (" + m.group(1) + ")" : written;
      queries.add(
          new Query(
              title,
              "variable $" + variable.path("name").asText(),
              written,
              substitute(expr, variables)));
    }
    collectPanels(title, dashboard.path("panels"), variables, queries);
    return queries;
  }

  private static void collectPanels(
      String title, JsonNode panels, Map<String, String> variables, List<Query> queries) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText("");
        if (expr.isBlank()) {
          continue;
        }
        queries.add(
            new Query(
                title,
                "panel \""
                    + panel.path("title").asText()
                    + "\" target "
                    + target.path("refId").asText(),
                expr,
                substitute(expr, variables)));
      }
      collectPanels(title, panel.path("panels"), variables, queries);
    }
  }

  static String substitute(String expr, Map<String, String> variables) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for variable $" + m.group(1) + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The Prometheus annotation queries of the dashboard, by name, with variables substituted. */
  static Map<String, String> annotations(JsonNode dashboard, Map<String, String> variables) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (JsonNode a : dashboard.path("annotations").path("list")) {
      String expr = a.path("expr").asText("");
      if (!expr.isBlank()) {
        annotations.put(a.path("name").asText(), substitute(expr, variables));
      }
    }
    return annotations;
  }

  /** The variables a dashboard defines (its query variables' names). */
  static Set<String> variableNames(JsonNode dashboard) {
    Set<String> names = new LinkedHashSet<>();
    dashboard.path("templating").path("list").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }
}
