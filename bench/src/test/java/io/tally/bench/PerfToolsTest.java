package io.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PerfToolsTest {
  @Test
  void readsTheFetchRateOfConsumerPerformance() {
    List<String> out =
        List.of(
            "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec,"
                + " rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
            "2026-11-26 06:06:56:092, 2026-11-26 06:06:58:274, 259.2389, 118.8079, 1000000,"
                + " 458295.1421, 689, 1493, 173.6363, 669792.3644");
    PerfTools.Rate rate = PerfTools.parseConsumer(out).orElseThrow();
    assertThat(rate.records()).isEqualTo(1_000_000);
    assertThat(rate.recordsPerSecond()).isEqualTo(669792.3644);
    assertThat(rate.megabytesPerSecond()).isEqualTo(173.6363);
  }

  @Test
  void noDataLineNoRate() {
    assertThat(PerfTools.parseConsumer(List.of("WARN something", ""))).isEmpty();
  }

  @Test
  void averageDigitsOfProducerPerformanceKeys() {
    assertThat(Bench.averageDigits(10)).isEqualTo(1.0);
    assertThat(Bench.averageDigits(100)).isEqualTo(1.9);
  }
}
