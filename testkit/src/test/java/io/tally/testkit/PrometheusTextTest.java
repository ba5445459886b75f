package io.tally.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
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
      tally_figure_info{figure="f-1",label="a \\"quoted\\" label\\nover two lines"} 1
      process_uptime_seconds 12.5 1700000000000
      tally_up +Inf
      """;

  @Test
  void readsSamplesWithUnescapedLabelsAndTimestamps() {
    List<PrometheusText.Sample> samples = PrometheusText.parse(TEXT);
    assertThat(samples).hasSize(9);
    assertThat(PrometheusText.find(samples, "tally_figure_info", Map.of("figure", "f-1")))
        .singleElement()
        .satisfies(
            s -> assertThat(s.label("label")).isEqualTo("a \"quoted\" label\nover two lines"));
    assertThat(PrometheusText.find(samples, "process_uptime_seconds", Map.of()))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(12.5));
    assertThat(PrometheusText.find(samples, "tally_up", Map.of()).get(0).value()).isInfinite();
  }

  @Test
  void readsValuesByLabel() {
    assertThat(
            PrometheusText.byLabel(
                TEXT, "tally_figure_completion_ratio", "figure", Map.of("scenario", "s")))
        .containsExactly(Map.entry("f-1", 0.5), Map.entry("f-2", 1.0));
    assertThat(PrometheusText.byLabel(TEXT, "jvm_memory_used_bytes", "id", Map.of("area", "heap")))
        .containsEntry("G1 Old Gen", 2500.0)
        .hasSize(2);
  }

  @Test
  void keepsTheFamiliesOfAPrefix() {
    assertThat(PrometheusText.familiesStartingWith(TEXT, "jvm_"))
        .startsWith("# HELP jvm_memory_used_bytes")
        .contains("id=\"Metaspace\"} 9999.0")
        .doesNotContain("tally_");
  }
}
