package io.tally.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {
  private static final String GAUGE =
      """
      scenario: mini
      title: t
      source: s
      timeZone: UTC
      campaign: {start: 2022-10-01T00:00:00, end: 2022-10-02T00:00:00}
      themes: [{id: a, label: A}]
      figures:
        - {id: share, theme: a, metric: share, label: Share, unit: percent, kind: gauge, qualifier: exact,
           value: 12.50, period: {start: 2022-10-01T00:00:00, end: 2022-10-01T00:00:00}, profile: step, sentence: x}
      """;

  private static Scenario parse(String yaml) throws ScenarioException {
    return ScenarioLoader.parse("mini.yaml", yaml.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void gaugeDecimalKeepsItsScale() throws Exception {
    Figure f = parse(GAUGE).figures().get(0);
    assertThat(f.scale()).isEqualTo(1);
    assertThat(f.unscaledValue()).isEqualTo(125);
  }

  @Test
  void tooManyDecimalPlacesAreRefused() {
    assertThatThrownBy(() -> parse(GAUGE.replace("12.50", "0.1234567")))
        .hasMessageContaining("figures[0].value: at most 6 decimal places");
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() {
    assertThatThrownBy(
            () ->
                parse(
                    GAUGE
                        .replace("kind: gauge", "kind: level")
                        .replace("unit: percent", "unit: 5%")))
        .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.problems()).hasSize(2));
  }

  @Test
  void upperOnlyForRanges() {
    assertThatThrownBy(() -> parse(GAUGE.replace("value: 12.50,", "value: 12.50, upper: 13,")))
        .hasMessageContaining("only a figure with qualifier range has an upper bound");
  }

  @Test
  void contentHashDiffersWhenTheFileDoes() throws Exception {
    assertThat(parse(GAUGE).contentHash())
        .isNotEqualTo(parse(GAUGE + "\n# edited\n").contentHash());
  }

  @Test
  void zeroByteFileIsEmpty() {
    assertThatThrownBy(() -> ScenarioLoader.parse("zero.yaml", new byte[0], "test"))
        .hasMessage("zero.yaml: the file is empty");
  }
}
