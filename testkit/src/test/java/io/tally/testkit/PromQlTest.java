package io.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {
  @Test
  void namesTheMetricsAnExpressionSelectsAndNothingElse() {
    assertThat(
            PromQl.names(
                "sum by (theme) (rate(tally_events_counted_total{scenario=~\"$scenario\","
                    + " theme!=\"x\"}[5m])) / on (theme) group_left(label)"
                    + " max(tally_figure_info) > bool 0 and tally_up offset 1m"))
        .containsExactly("tally_events_counted_total", "tally_figure_info", "tally_up");
  }

  @Test
  void ignoresWordsInsideStrings() {
    assertThat(PromQl.names("label_replace(up, \"dst\", \"tally_fake\", \"src\", \"(.*)\")"))
        .containsExactly("up");
  }
}
