package io.tally.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnrecordedStreamsMetricsTest {
  private static final List<String> NAMES =
      List.of(
          "kafka.stream.state.put.latency.avg",
          "kafka.stream.state.range.rate",
          "kafka.stream.state.record.e2e.latency.max",
          "kafka.stream.state.block.cache.usage",
          "kafka.stream.state.size.all.mem.tables",
          "kafka.stream.state.estimate.num.keys",
          "kafka.stream.state.updater.idle.ratio",
          "kafka.stream.thread.process.rate",
          "kafka.stream.client.state",
          "tally.figure.value");

  private static List<String> kept(String recordingLevel) {
    MeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(new UnrecordedStreamsMetrics(recordingLevel));
    NAMES.forEach(name -> Gauge.builder(name, () -> 1.0).register(registry));
    return registry.getMeters().stream().map(m -> m.getId().getName()).sorted().toList();
  }

  @Test
  void atInfoTheStateMetricsKafkaStreamsNeverRecordsAreLeftOut() {
    assertThat(kept(null))
        .isEqualTo(kept("INFO"))
        .containsExactlyInAnyOrder(
            "kafka.stream.state.block.cache.usage",
            "kafka.stream.state.size.all.mem.tables",
            "kafka.stream.state.estimate.num.keys",
            "kafka.stream.state.updater.idle.ratio",
            "kafka.stream.thread.process.rate",
            "kafka.stream.client.state",
            "tally.figure.value");
  }

  @Test
  void atDebugOrTraceEverythingStays() {
    assertThat(kept("DEBUG")).hasSize(NAMES.size());
    assertThat(kept("trace")).hasSize(NAMES.size());
  }
}
