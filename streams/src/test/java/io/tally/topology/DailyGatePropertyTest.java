package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricDailyTotal;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * With random event times in random order and a random grace: every counted event is in exactly one
 * of its day's total or tally.late-events, and a new run replaying the same events ends with the
 * same days and the same late events as the first.
 */
class DailyGatePropertyTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Property(tries = 40)
  void everyEventIsInItsDayOrLate(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 18 * 24) Integer> hours,
      @ForAll @IntRange(min = 0, max = 48) int graceHours)
      throws IOException {
    Figure figure = Figure.counter("gate", Long.MAX_VALUE, hours.size()).zone("Asia/Shanghai");
    Map<LocalDate, Long> expectedByDay = new HashMap<>();
    withDriver(
        graceHours,
        tally -> {
          for (FigureEvent e : events(figure, hours)) {
            tally.send(e);
            expectedByDay.merge(dayOf(e), e.getValue(), Long::sum);
          }
          for (FigureEvent late : tally.late.readValuesToList()) {
            expectedByDay.merge(dayOf(late), -late.getValue(), Long::sum);
          }
          expectedByDay.values().removeIf(v -> v == 0);

          Map<LocalDate, Long> actualByDay = new HashMap<>();
          for (MetricDailyTotal day : tally.daily.readKeyValuesToMap().values()) {
            actualByDay.put(day.getDay(), day.getValue());
          }
          assertThat(actualByDay).isEqualTo(expectedByDay);
        });
  }

  @Property(tries = 20)
  void aNewRunOfTheSameEventsEndsWithTheSameDaysAndLateEvents(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 18 * 24) Integer> hours,
      @ForAll @IntRange(min = 0, max = 48) int graceHours)
      throws IOException {
    Figure first = Figure.counter("gate", Long.MAX_VALUE, hours.size()).zone("Asia/Shanghai");
    Figure second = first.run("run-2");
    withDriver(
        graceHours,
        tally -> {
          events(first, hours).forEach(tally::send);
          Map<LocalDate, Long> firstDays = values(tally.days(first.key()));
          List<Integer> firstLate = lateSequences(tally);

          events(second, hours).forEach(tally::send);

          assertThat(values(tally.days(second.key()))).isEqualTo(firstDays);
          assertThat(lateSequences(tally)).isEqualTo(firstLate);
          assertThat(tally.days(second.key()).values())
              .allSatisfy(day -> assertThat(day.getRunId()).isEqualTo("run-2"));
        });
  }

  private static void withDriver(int graceHours, Consumer<Driver> test) throws IOException {
    Path stateDir = Files.createTempDirectory("tally-gate");
    TopologyConfig config = TopologyConfig.defaults().withDailyGrace(Duration.ofHours(graceHours));
    try (Driver tally = new Driver(stateDir, config)) {
      test.accept(tally);
    } finally {
      try (Stream<Path> paths = Files.walk(stateDir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Event i, worth 2^i, at the given hour after the period's start. */
  private static List<FigureEvent> events(Figure figure, List<Integer> hours) {
    List<FigureEvent> events = new ArrayList<>();
    for (int i = 0; i < hours.size(); i++) {
      events.add(
          figure.event(i, 1L << i, FigureEvents.PERIOD_START.plusSeconds(hours.get(i) * 3600L)));
    }
    return events;
  }

  private static LocalDate dayOf(FigureEvent e) {
    return LocalDate.ofInstant(e.getEventTime(), SHANGHAI);
  }

  private static Map<LocalDate, Long> values(Map<LocalDate, MetricDailyTotal> days) {
    Map<LocalDate, Long> values = new TreeMap<>();
    days.forEach((day, total) -> values.put(day, total.getValue()));
    return values;
  }

  private static List<Integer> lateSequences(Driver tally) {
    return tally.late.readValuesToList().stream().map(FigureEvent::getSequence).toList();
  }
}
