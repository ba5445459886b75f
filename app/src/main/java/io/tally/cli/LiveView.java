package io.tally.cli;

import io.tally.avro.ThemeTotal;
import io.tally.scenario.Scenario;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The demo's live view: where the replay is in the report's timeline and how far each theme has
 * filled up. On a terminal it redraws in place; in a log or pipe it prints a block each time.
 */
final class LiveView {
  private final PrintWriter out;
  private final boolean terminal;
  private final Scenario scenario;
  private final DateTimeFormatter time;
  private int linesDrawn;

  LiveView(PrintWriter out, boolean terminal, Scenario scenario) {
    this.out = out;
    this.terminal = terminal;
    this.scenario = scenario;
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(scenario.timeZone());
  }

  boolean terminal() {
    return terminal;
  }

  void show(LatestProgress progress, List<ThemeTotal> themes) {
    String when =
        progress.eventTime() == Long.MIN_VALUE
            ? "starting"
            : time.format(Instant.ofEpochMilli(progress.eventTime()));
    String block =
        String.format(
                "Replayed %d/%d events, report time %s (%s)%n",
                progress.sent(), progress.total(), when, scenario.timeZone())
            + ThemeProgress.render(scenario, themes);
    if (terminal && linesDrawn > 0) {
      out.print("\033[" + linesDrawn + "A\r\033[J");
    }
    out.print(block);
    if (!terminal) {
      out.println();
    }
    out.flush();
    linesDrawn = (int) block.lines().count();
  }
}
