package io.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Issue 6, item 6, through the command line: {@code tally scenario validate FILE} on mutants of the
 * bundled scenario (lines deleted, duplicated, retyped, truncated, re-indented; fields cut short)
 * and on the corpus of bad files under {@code producer/src/test/resources/bad-scenarios} either
 * says {@code ok:} with exit code 0, or refuses the file with exit code 2 and only located problems
 * on stderr ({@code FILE:LINE: ...} or {@code FILE: ...}): never exit code 1, never a stack trace.
 * (The loader-level version of the mutation property is {@code ScenarioMutationProperties} in the
 * producer module.)
 */
class ScenarioCliProperties {
  private static final List<String> LINES = bundledLines();
  private static final Path CORPUS = Path.of("../producer/src/test/resources/bad-scenarios");
  private static Path dir;

  @BeforeContainer
  static void createDirectory() throws IOException {
    dir = Files.createTempDirectory("tally-scenario-mutants-");
  }

  @AfterContainer
  static void deleteDirectory() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(dir);
  }

  enum Mutation {
    DELETE,
    DUPLICATE,
    SWAP_WITH_NEXT,
    RETYPE_TO_LIST,
    RETYPE_TO_MAPPING,
    RETYPE_TO_TEXT,
    RETYPE_TO_NUMBER,
    RETYPE_TO_BOOLEAN,
    RETYPE_TO_HUGE_FLOAT,
    BLANK_VALUE,
    NEGATE,
    TRUNCATE_FILE,
    TRUNCATE_LINE,
    INDENT,
    DEDENT,
    CONTROL_CHARACTER
  }

  /**
   * @param line the line to mutate (modulo the current line count)
   * @param column where to cut or insert, as a share of the line's length in per mille
   */
  record Mutant(Mutation mutation, int line, int column) {}

  @Provide
  Arbitrary<List<Mutant>> mutants() {
    Arbitrary<Mutant> one =
        Combinators.combine(
                Arbitraries.of(Mutation.class),
                Arbitraries.integers().between(0, LINES.size() - 1),
                Arbitraries.integers().between(0, 1000))
            .as(Mutant::new);
    return one.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 300)
  void validateSaysOkOrRefusesWithLocatedProblemsNeverABug(@ForAll("mutants") List<Mutant> mutants)
      throws IOException {
    List<String> lines = new ArrayList<>(LINES);
    for (Mutant m : mutants) {
      apply(lines, m);
    }
    Path file = dir.resolve("mutant.yaml");
    Files.writeString(file, String.join("\n", lines), StandardCharsets.UTF_8);

    Result result = validate(file);

    assertThat(result.code()).as("exit code; stderr:%n%s", result.err()).isIn(0, 2);
    if (result.code() == 0) {
      assertThat(result.out()).startsWith("ok: " + file);
      assertThat(result.err()).isEmpty();
    } else {
      assertRefusedWithLocatedProblems(file, result);
    }
  }

  static Stream<Path> badFiles() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void eachBadFileIsRefusedWithItsExpectedMessage(Path file) throws IOException {
    // The first line says "# expect: LINE: MESSAGE"; a non-ASCII file still has an ASCII line 1.
    String first =
        new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
            .lines()
            .findFirst()
            .orElseThrow();
    assertThat(first).startsWith("# expect: ");
    String expectation = first.substring("# expect: ".length());
    int line = Integer.parseInt(expectation.substring(0, expectation.indexOf(':')));
    String message =
        new String(
            expectation
                .substring(expectation.indexOf(':') + 2)
                .getBytes(StandardCharsets.ISO_8859_1),
            StandardCharsets.UTF_8);

    Result result = validate(file);

    assertThat(result.code()).as("exit code; stderr:%n%s", result.err()).isEqualTo(2);
    assertRefusedWithLocatedProblems(file, result);
    String located = file + (line > 0 ? ":" + line : "") + ": ";
    assertThat(result.err().lines())
        .as("stderr of %s", file)
        .anySatisfy(l -> assertThat(l).startsWith(located).contains(message));
  }

  // --- running the command ------------------------------------------------------------------

  record Result(int code, String out, String err) {}

  private static Result validate(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = TallyCli.commandLine(Map.of());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("scenario", "validate", file.toString());
    return new Result(code, out.toString(), err.toString());
  }

  private static void assertRefusedWithLocatedProblems(Path file, Result result) {
    Pattern located = Pattern.compile(Pattern.quote(file.toString()) + "(:[1-9][0-9]*)?: \\S.*");
    assertThat(result.out()).doesNotContain("ok:");
    assertThat(result.err()).as("stderr").isNotBlank().doesNotContain("Exception", "\tat ");
    assertThat(result.err().lines())
        .as("stderr of %s", file)
        .allSatisfy(l -> assertThat(l).matches(located));
  }

  // --- mutating the bundled scenario --------------------------------------------------------

  private static List<String> bundledLines() {
    try (InputStream in = TallyCli.class.getResourceAsStream("/scenarios/double11-2022.yaml")) {
      assertThat(in).as("the bundled scenario on the class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void apply(List<String> lines, Mutant m) {
    if (lines.isEmpty()) {
      return;
    }
    int i = m.line() % lines.size();
    String line = lines.get(i);
    int colon = line.indexOf(": ");
    String key = colon < 0 ? line + ": " : line.substring(0, colon + 2);
    int cut = line.length() * m.column() / 1000;
    switch (m.mutation()) {
      case DELETE -> lines.remove(i);
      case DUPLICATE -> lines.add(i, line);
      case SWAP_WITH_NEXT -> {
        if (i + 1 < lines.size()) {
          lines.set(i, lines.get(i + 1));
          lines.set(i + 1, line);
        }
      }
      case RETYPE_TO_LIST -> lines.set(i, key + "[1, 2]");
      case RETYPE_TO_MAPPING -> lines.set(i, key + "{a: 1}");
      case RETYPE_TO_TEXT -> lines.set(i, key + "\"some text\"");
      case RETYPE_TO_NUMBER -> lines.set(i, key + "12345678901234567890123");
      case RETYPE_TO_BOOLEAN -> lines.set(i, key + "true");
      case RETYPE_TO_HUGE_FLOAT -> lines.set(i, key + "1.0e400");
      case BLANK_VALUE -> lines.set(i, key);
      case NEGATE -> lines.set(i, key + "-1");
      case TRUNCATE_FILE -> lines.subList(i, lines.size()).clear();
      case TRUNCATE_LINE -> lines.set(i, line.substring(0, cut));
      case INDENT -> lines.set(i, "  " + line);
      case DEDENT -> lines.set(i, line.stripLeading());
      case CONTROL_CHARACTER ->
          lines.set(i, line.substring(0, cut) + "\u0007" + line.substring(cut));
    }
  }
}
