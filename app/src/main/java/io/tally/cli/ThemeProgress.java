package io.tally.cli;

import io.tally.avro.ThemeTotal;
import io.tally.scenario.Scenario;
import io.tally.scenario.Theme;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders how far each theme of a scenario has filled up, one line per theme. */
final class ThemeProgress {
  private static final int BAR = 24;

  private ThemeProgress() {}

  static String render(Scenario scenario, List<ThemeTotal> totals) {
    Map<String, ThemeTotal> byTheme =
        totals.stream()
            .filter(t -> t.getScenario().equals(scenario.name()))
            .collect(Collectors.toMap(ThemeTotal::getTheme, t -> t, (a, b) -> a));
    StringBuilder out = new StringBuilder();
    for (Theme theme : scenario.themes()) {
      long figures = scenario.figures().stream().filter(f -> f.theme().equals(theme.id())).count();
      ThemeTotal t = byTheme.get(theme.id());
      int complete = t == null ? 0 : t.getFiguresComplete();
      long events = t == null ? 0 : t.getEvents();
      int filled = figures == 0 ? 0 : (int) Math.round((double) complete / figures * BAR);
      out.append(
          String.format(
              "  %-34s [%s%s] %2d/%-2d figures exact, %6d events%n",
              theme.label(),
              "#".repeat(filled),
              ".".repeat(BAR - filled),
              complete,
              figures,
              events));
    }
    return out.toString();
  }
}
