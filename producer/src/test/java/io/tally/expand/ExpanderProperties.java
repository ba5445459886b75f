package io.tally.expand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.avro.FigureEvent;
import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Profile;
import io.tally.scenario.Scenario;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The invariants of expansion, over random figures, periods, profiles and seeds. */
class ExpanderProperties {
  private static final LocalDateTime BASE = LocalDateTime.of(2022, 1, 1, 0, 0);

  @Property(tries = 300)
  void counterEventsArePositiveAndSumExactlyToTheFigure(
      @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) long value,
      @ForAll @IntRange(min = 1, max = 400) int eventsPerFigure,
      @ForAll @IntRange(min = 0, max = 400 * 24 * 60) int periodMinutes,
      @ForAll Profile profile,
      @ForAll long seed) {
    Figure figure =
        TestScenarios.figure(
            "f",
            Kind.COUNTER,
            BigDecimal.valueOf(value),
            BASE,
            BASE.plusMinutes(periodMinutes),
            profile);
    List<FigureEvent> events = expand(TestScenarios.of(figure), seed, eventsPerFigure);

    assertThat(events).allSatisfy(e -> assertThat(e.getValue()).isPositive());
    long sum = events.stream().mapToLong(FigureEvent::getValue).reduce(0, Math::addExact);
    assertThat(sum).isEqualTo(value);
    int expected = profile == Profile.STEP ? 1 : (int) Math.min(eventsPerFigure, value);
    assertThat(events)
        .hasSize(expected)
        .allSatisfy(e -> assertThat(e.getEventsInFigure()).isEqualTo(expected));
  }

  @Property(tries = 200)
  void timestampsLieInsideThePeriodAndSequencesFollowTime(
      @ForAll @IntRange(min = 0, max = 400 * 24 * 60) int periodMinutes,
      @ForAll @IntRange(min = 1, max = 200) int eventsPerFigure,
      @ForAll Profile profile,
      @ForAll Kind kind,
      @ForAll long seed) {
    Figure figure =
        TestScenarios.figure(
            "f",
            kind,
            BigDecimal.valueOf(1_000_000),
            BASE,
            BASE.plusMinutes(periodMinutes),
            profile);
    Scenario scenario = TestScenarios.of(figure);
    long start = figure.period().startIn(scenario.timeZone()).toEpochMilli();
    long end = figure.period().endIn(scenario.timeZone()).toEpochMilli();
    List<FigureEvent> events = expand(scenario, seed, eventsPerFigure);

    for (int i = 0; i < events.size(); i++) {
      FigureEvent e = events.get(i);
      assertThat(e.getSequence()).isEqualTo(i);
      assertThat(e.getEventTime().toEpochMilli()).isBetween(start, end);
      if (i > 0) {
        assertThat(e.getEventTime()).isAfterOrEqualTo(events.get(i - 1).getEventTime());
      }
    }
  }

  @Property(tries = 200)
  void theLatestGaugeObservationIsTheFigure(
      @ForAll @LongRange(min = 0, max = 999_999_999_999L) long unscaled,
      @ForAll @IntRange(min = 0, max = 6) int scale,
      @ForAll @IntRange(min = 1, max = 100) int eventsPerFigure,
      @ForAll Profile profile,
      @ForAll long seed) {
    BigDecimal value = BigDecimal.valueOf(unscaled, scale);
    Figure figure =
        TestScenarios.figure(
            "g", Kind.GAUGE, value.stripTrailingZeros(), BASE, BASE.plusDays(3), profile);
    List<FigureEvent> events = expand(TestScenarios.of(figure), seed, eventsPerFigure);

    FigureEvent latest =
        events.stream()
            .max(
                Comparator.comparing(FigureEvent::getEventTime)
                    .thenComparing(FigureEvent::getSequence))
            .orElseThrow();
    assertThat(BigDecimal.valueOf(latest.getValue(), latest.getScale()))
        .isEqualByComparingTo(value);
    assertThat(events)
        .allSatisfy(e -> assertThat(e.getValue()).isBetween(0L, figure.unscaledValue()));
  }

  @Property(tries = 50)
  void sameSeedSameEventsAndIdsAreUnique(
      @ForAll @IntRange(min = 1, max = 50) int eventsPerFigure, @ForAll long seed)
      throws Exception {
    Scenario scenario = io.tally.scenario.ScenarioLoader.load("double11-2022");
    List<FigureEvent> first = expand(scenario, seed, eventsPerFigure);
    List<FigureEvent> second = expand(scenario, seed, eventsPerFigure);
    assertThat(second).isEqualTo(first);
    Set<String> ids = new HashSet<>();
    first.forEach(e -> assertThat(ids.add(e.getEventId())).as("unique id").isTrue());
  }

  private static List<FigureEvent> expand(Scenario scenario, long seed, int eventsPerFigure) {
    return new Expander(scenario, new ExpansionOptions(seed, eventsPerFigure, null)).eventList();
  }

  @Property(tries = 500)
  void multiplyDivideAgreesWithBigInteger(
      @ForAll @LongRange(min = 0) long a,
      @ForAll @LongRange(min = 0) long b,
      @ForAll @LongRange(min = 1) long c) {
    BigInteger exact =
        BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c));
    if (exact.bitLength() < 64) {
      assertThat(FigurePlan.multiplyDivide(a, b, c)).isEqualTo(exact.longValueExact());
    } else {
      assertThatThrownBy(() -> FigurePlan.multiplyDivide(a, b, c))
          .isInstanceOf(ArithmeticException.class);
    }
  }
}
