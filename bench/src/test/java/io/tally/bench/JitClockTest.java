package io.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitClockTest {
  @Test
  void jitSharesAreCompileTimeOverElapsedTimeAndAnUnknownBenchDoesNotCount() {
    JitClock.Reading before = new JitClock.Reading(0, 1_000, 2_000);
    JitClock.Reading after = new JitClock.Reading(10_000_000_000L, 2_000, 2_500);

    JitClock.Cores cores = after.coresSince(before);

    assertThat(cores.bench()).isEqualTo(0.1);
    assertThat(cores.app()).isEqualTo(0.05);
    assertThat(cores.atMost(0.2)).isTrue();
    assertThat(cores.atMost(0.08)).isFalse();
    JitClock.Cores unknownBench =
        new JitClock.Reading(10_000_000_000L, -1, 2_500)
            .coresSince(new JitClock.Reading(0, -1, 2_000));
    assertThat(unknownBench.bench()).isNaN();
    assertThat(unknownBench.atMost(0.05)).isTrue();
  }
}
