package io.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTextTest {
  private static final String TEXT =
      """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E3
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9999.0
      tally_figure_completion_ratio{figure="f-1",scenario="s",theme="t"} 0.5
      tally_figure_completion_ratio{figure="f-2",scenario="s",theme="t"} 1.0
      tally_figure_completion_ratio{figure="f-3",scenario="other",theme="t"} 1.0
      """;

  @Test
  void readsSamplesByLabel() {
    assertThat(
            MetricsText.byLabel(TEXT, "tally_figure_completion_ratio", "figure", "scenario=\"s\""))
        .containsOnlyKeys("f-1", "f-2")
        .containsEntry("f-1", 0.5);
  }
}
