package io.tally.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of bad scenario files under {@code src/test/resources/bad-scenarios}: each file's
 * first line says {@code # expect: LINE: MESSAGE}, and loading it must fail with exactly that line
 * and a message containing that text.
 */
class BadScenarioFilesTest {
  private static final Path CORPUS = Path.of("src/test/resources/bad-scenarios");

  static Stream<Path> badFiles() throws IOException {
    return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void refusedWithFileLineAndField(Path file) throws IOException {
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

    assertThatThrownBy(() -> ScenarioLoader.loadFile(file))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e -> {
              assertThat(e.problems())
                  .as("problems of %s", file)
                  .anySatisfy(
                      p -> {
                        assertThat(p.file()).isEqualTo(file.toString());
                        assertThat(p.line()).isEqualTo(line);
                        assertThat(p.toString()).contains(message);
                      });
              assertThat(e.getMessage()).startsWith(file.toString());
            });
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> ScenarioLoader.load("no/such/scenario.yaml"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("no/such/scenario.yaml: no such file");
  }

  @Test
  void unknownNameListsTheBundledOnes() {
    assertThatThrownBy(() -> ScenarioLoader.load("double12-2030"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("no bundled scenario by that name (bundled: double11-2022)");
  }

  @Test
  void directoryIsRefused() {
    assertThatThrownBy(() -> ScenarioLoader.load("src/"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("is a directory");
  }
}
