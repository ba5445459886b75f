package io.tally.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Time compression is monotone, bounded by the speed and the gap cap, and zero at max speed. */
class PacingProperties {
  @Property
  void offsetsNeverDecreaseAndRespectSpeedAndCap(
      @ForAll @Size(max = 200) long[] times,
      @ForAll @DoubleRange(min = 0.01, max = 1e9) double factor,
      @ForAll @LongRange(min = 0, max = 10_000) long maxGap) {
    long[] sorted = Arrays.stream(times).map(t -> t % (1L << 50)).sorted().toArray();
    Pacing pacing = new Pacing(new Speed(factor), maxGap);
    long previous = 0;
    for (int i = 0; i < sorted.length; i++) {
      long offset = pacing.offsetOf(sorted[i]);
      assertThat(offset).isGreaterThanOrEqualTo(previous);
      if (i > 0) {
        double gap = (sorted[i] - sorted[i - 1]) / factor;
        assertThat((double) offset - previous).isLessThanOrEqualTo(Math.min(gap, maxGap) + 1);
      }
      previous = offset;
    }
    if (sorted.length > 0) {
      assertThat(previous).isLessThanOrEqualTo((long) ((sorted.length - 1) * (double) maxGap) + 1);
    }
  }

  @Property
  void maxSpeedNeverWaits(@ForAll @Size(max = 100) long[] times) {
    Pacing pacing = new Pacing(Speed.MAX, 1000);
    for (long t : times) {
      assertThat(pacing.offsetOf(t)).isZero();
    }
  }

  @Property
  void speedParsesWhatItPrints(@ForAll @DoubleRange(min = 1, max = 1e7) double factor) {
    long whole = Math.round(factor);
    assertThat(Speed.parse(new Speed(whole).toString())).isEqualTo(new Speed(whole));
  }

  @Property(tries = 50)
  void speedForHitsTheTargetDuration(
      @ForAll @Size(min = 2, max = 200) long[] times,
      @ForAll @LongRange(min = 1_000, max = 120_000) long targetMillis) {
    long[] sorted = Arrays.stream(times).map(t -> Math.floorMod(t, 1L << 45)).sorted().toArray();
    long maxGap = 500;
    Speed speed = Pacing.speedFor(sorted, java.time.Duration.ofMillis(targetMillis), maxGap);
    long duration = Pacing.durationOf(sorted, speed, maxGap);
    if (!speed.isMax()) {
      assertThat(duration).isBetween(targetMillis - 1000, targetMillis + 1000);
    } else {
      assertThat(
              Pacing.durationOf(sorted, new Speed(1e15), maxGap) >= targetMillis
                  || Pacing.durationOf(sorted, new Speed(1e-3), maxGap) <= targetMillis)
          .as("no speed reaches the target")
          .isTrue();
    }
  }
}
