package io.tally.cli;

import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioException;
import io.tally.scenario.ScenarioLoader;
import io.tally.scenario.Theme;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tally scenario}: validate, list and show scenarios. */
@Command(
    name = "scenario",
    description = "Validate, list and show scenarios.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ScenarioCommand.Validate.class,
      ScenarioCommand.ListScenarios.class,
      ScenarioCommand.Show.class
    })
final class ScenarioCommand {

  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description =
          "Check scenario files (or bundled names): every problem is printed as FILE:LINE: FIELD:"
              + " MESSAGE; exit code 2 if any is refused.")
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|NAME", description = "Scenario files or names.")
    List<String> scenarios;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      int refused = 0;
      for (String s : scenarios) {
        try {
          Scenario scenario = ScenarioLoader.load(s);
          long events = new Expander(scenario, ExpansionOptions.defaults()).eventCount();
          out.printf(
              "ok: %s (%s): %d themes, %d figures, %d events at the default settings%n",
              s, scenario.name(), scenario.themes().size(), scenario.figures().size(), events);
        } catch (ScenarioException e) {
          refused++;
          e.problems().forEach(err::println);
        }
      }
      out.flush();
      err.flush();
      return refused == 0 ? 0 : 2;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the bundled scenarios.")
  static final class ListScenarios implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (String name : ScenarioLoader.bundledNames()) {
        Scenario s = Scenarios.load(name);
        out.printf("%-20s %s (%d figures)%n", name, s.title(), s.figures().size());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a scenario's themes and figures.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE|NAME", description = "A scenario file or bundled name.")
    String scenario;

    @Override
    public Integer call() {
      Scenario s = Scenarios.load(scenario);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("%s: %s%n", s.name(), s.title());
      out.printf(
          "source %s, time zone %s, campaign %s to %s%n",
          s.source(), s.timeZone(), s.campaign().start(), s.campaign().end());
      for (Theme theme : s.themes()) {
        out.printf("%n%s (%s)%n", theme.label(), theme.labelOriginal());
        for (Figure f : s.figures()) {
          if (f.theme().equals(theme.id())) {
            out.printf(
                "  %-34s %18s %-14s %-9s %-7s %s..%s %s%n      %s%n",
                f.id(),
                f.value().toPlainString()
                    + (f.upper() == null ? "" : "-" + f.upper().toPlainString()),
                f.unit(),
                f.qualifier().yamlName(),
                f.kind().name().toLowerCase(java.util.Locale.ROOT),
                f.period().start(),
                f.period().end(),
                f.profile().yamlName(),
                f.label());
          }
        }
      }
      out.flush();
      return 0;
    }
  }
}
