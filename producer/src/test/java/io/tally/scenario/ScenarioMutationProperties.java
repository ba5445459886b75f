package io.tally.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mutants of the bundled scenario (lines deleted, duplicated, retyped, truncated) either load or
 * are refused with located problems; the loader never fails any other way.
 */
class ScenarioMutationProperties {
  private static final List<String> LINES = bundledLines();

  private static List<String> bundledLines() {
    try (InputStream in =
        ScenarioLoader.class.getResourceAsStream("/scenarios/double11-2022.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  enum Mutation {
    DELETE,
    DUPLICATE,
    RETYPE_TO_LIST,
    RETYPE_TO_TEXT,
    RETYPE_TO_NUMBER,
    BLANK_VALUE,
    TRUNCATE,
    NEGATE
  }

  record Mutant(Mutation mutation, int line) {}

  @Provide
  Arbitrary<List<Mutant>> mutants() {
    Arbitrary<Mutant> one =
        Combinators.combine(
                Arbitraries.of(Mutation.class), Arbitraries.integers().between(0, LINES.size() - 1))
            .as(Mutant::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 400)
  void mutantsLoadOrAreRefusedWithLocatedProblems(@ForAll("mutants") List<Mutant> mutants) {
    List<String> lines = new ArrayList<>(LINES);
    for (Mutant m : mutants) {
      apply(lines, m);
    }
    byte[] bytes = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    try {
      Scenario scenario = ScenarioLoader.parse("mutant.yaml", bytes, "test");
      assertThat(scenario.figures()).isNotEmpty();
    } catch (ScenarioException e) {
      assertThat(e.problems()).isNotEmpty();
      assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("mutant.yaml"));
      assertThat(e.getMessage()).startsWith("mutant.yaml");
    }
  }

  private static void apply(List<String> lines, Mutant m) {
    if (lines.isEmpty()) {
      return;
    }
    int i = Math.min(m.line(), lines.size() - 1);
    String line = lines.get(i);
    int colon = line.indexOf(": ");
    String key = colon < 0 ? line : line.substring(0, colon + 2);
    switch (m.mutation()) {
      case DELETE -> lines.remove(i);
      case DUPLICATE -> lines.add(i, line);
      case RETYPE_TO_LIST -> lines.set(i, key + "[1, 2]");
      case RETYPE_TO_TEXT -> lines.set(i, key + "\"some text\"");
      case RETYPE_TO_NUMBER -> lines.set(i, key + "12345678901234567890123");
      case BLANK_VALUE -> lines.set(i, key);
      case TRUNCATE -> lines.subList(i, lines.size()).clear();
      case NEGATE -> lines.set(i, key + "-1");
    }
  }
}
