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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The gate's idea of "late" matches Kafka's window aggregation exactly: with random event times and
 * a random grace, every event the gate admits is in its day's total (Kafka dropped none of them),
 * and every event it rejects is in tally.late-events.
 */
class DailyGatePropertyTest {

  @Property(tries = 40)
  void gateAgreesWithTheWindows(
      @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 0, max = 18 * 24) Integer> hours,
      @ForAll @IntRange(min = 0, max = 48) int graceHours)
      throws IOException {
    Figure figure = Figure.counter("gate", Long.MAX_VALUE, hours.size()).zone("Asia/Shanghai");
    Map<LocalDate, Long> expectedByDay = new HashMap<>();
    Path stateDir = Files.createTempDirectory("tally-gate");
    TopologyConfig config = TopologyConfig.defaults().withDailyGrace(Duration.ofHours(graceHours));
    try (Driver tally = new Driver(stateDir, config)) {
      LocalDays days = new LocalDays(config.fallbackZone());
      for (int i = 0; i < hours.size(); i++) {
        FigureEvent e =
            figure.event(i, 1L << i, FigureEvents.PERIOD_START.plusSeconds(hours.get(i) * 3600L));
        tally.send(e);
        expectedByDay.merge(LocalDays.dayOf(days.localTimestamp(e)), e.getValue(), Long::sum);
      }
      for (FigureEvent late : tally.late.readValuesToList()) {
        expectedByDay.merge(
            LocalDays.dayOf(days.localTimestamp(late)), -late.getValue(), Long::sum);
      }
      expectedByDay.values().removeIf(v -> v == 0);

      Map<LocalDate, Long> actualByDay = new HashMap<>();
      for (MetricDailyTotal day : tally.daily.readKeyValuesToMap().values()) {
        actualByDay.put(day.getDay(), day.getValue());
      }
      assertThat(actualByDay).isEqualTo(expectedByDay);
    } finally {
      try (Stream<Path> paths = Files.walk(stateDir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
