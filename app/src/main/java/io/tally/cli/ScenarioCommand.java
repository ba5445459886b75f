package io.tally.cli;

import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioException;
import io.tally.scenario.ScenarioLoader;
import io.tally.scenario.SyntheticScenario;
import io.tally.scenario.Theme;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tally scenario}: validate, list, show and generate scenarios. */
@Command(
    name = "scenario",
    description = "Validate, list, show and generate scenarios.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ScenarioCommand.Validate.class,
      ScenarioCommand.ListScenarios.class,
      ScenarioCommand.Show.class,
      ScenarioCommand.Generate.class
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

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description =
          "Write a synthetic scenario of any size (for benchmarks and load tests): FIGURES figures"
              + " whose replay at --events-per-figure M has exactly FIGURES x M events. The file"
              + " is validated by loading it before it is reported.")
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--figures",
        required = true,
        description = "Figures in the scenario (1 to " + SyntheticScenario.MAX_FIGURES + ").")
    int figures;

    @Option(
        names = "--events-per-figure",
        defaultValue = "24",
        description =
            "Events per figure the scenario is sized for (pass the same to replay)."
                + " Default: ${DEFAULT-VALUE}.")
    int eventsPerFigure;

    @Option(
        names = "--themes",
        description = "Themes the figures are spread over. Default: one per 500 figures, 1 to 20.")
    Integer themes;

    @Option(names = "--name", description = "The scenario's name. Default: synthetic-FIGURES.")
    String name;

    @Option(
        names = "--seed",
        defaultValue = "1",
        description = "Seed of values, kinds and periods. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
        names = "--uniform",
        description = "Every figure spread evenly over the whole campaign (a steady paced rate).")
    boolean uniform;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Where to write the scenario file. Default: standard output.")
    Path out;

    @Override
    public Integer call() throws IOException {
      SyntheticScenario synthetic;
      try {
        if (eventsPerFigure > ExpansionOptions.MAX_EVENTS_PER_FIGURE) {
          throw new IllegalArgumentException(
              "--events-per-figure must be at most " + ExpansionOptions.MAX_EVENTS_PER_FIGURE);
        }
        synthetic = SyntheticScenario.of(figures, eventsPerFigure).withSeed(seed);
        synthetic = synthetic.withUniform(uniform);
        if (themes != null) {
          synthetic = synthetic.withThemes(themes);
        }
        if (name != null) {
          synthetic = synthetic.withName(name);
        }
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      String yaml = synthetic.yaml();
      String file = out == null ? "<stdout>" : out.toString();
      Scenario scenario;
      try {
        scenario = ScenarioLoader.parse(file, yaml.getBytes(StandardCharsets.UTF_8), file);
      } catch (ScenarioException e) {
        throw new IllegalStateException("generated an invalid scenario: " + e.getMessage(), e);
      }
      if (out == null) {
        spec.commandLine().getOut().print(yaml);
        spec.commandLine().getOut().flush();
      } else {
        Files.writeString(out, yaml, StandardCharsets.UTF_8);
      }
      PrintWriter err = spec.commandLine().getErr();
      err.printf(
          "ok: %s (%s): %d themes, %d figures, %d events at --events-per-figure %d%n",
          file,
          scenario.name(),
          scenario.themes().size(),
          scenario.figures().size(),
          new Expander(scenario, new ExpansionOptions(1, eventsPerFigure, null)).eventCount(),
          eventsPerFigure);
      err.flush();
      return 0;
    }
  }
}
