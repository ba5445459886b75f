package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.ThemeTotal;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-theme rollup of metric totals. */
class ThemeRollupTest {
  private static final Instant T0 = Instant.parse("2022-11-01T00:00:00Z");
  private static final String EMPLOYMENT = FigureEvents.SCENARIO + "/employment";

  @TempDir Path stateDir;

  @Test
  void themeRollupCountsFiguresSeenAndComplete() {
    Figure merchants = Figure.counter("net_new_merchants", 20, 2);
    Figure jobs = Figure.counter("jobs", 5, 1);
    Figure elderly = Figure.counter("elderly_users", 3, 1).inTheme("elderly");
    try (Driver tally = new Driver(stateDir)) {
      tally.send(merchants, 0, 10, T0);
      tally.send(jobs, 0, 5, T0);
      tally.send(elderly, 0, 3, T0);

      ThemeTotal employment = tally.theme(EMPLOYMENT);
      assertThat(employment.getFiguresSeen()).isEqualTo(2);
      assertThat(employment.getFiguresComplete()).isEqualTo(1);
      assertThat(employment.getEvents()).isEqualTo(2);
      assertThat(employment.getEventsExpected()).isEqualTo(3);
      assertThat(employment.getShareComplete()).isEqualTo(0.5);
      assertThat(employment.getRunId()).isEqualTo(FigureEvents.RUN);

      tally.send(merchants, 1, 10, T0.plusSeconds(1));
      employment = tally.theme(EMPLOYMENT);
      assertThat(employment.getFiguresComplete()).isEqualTo(2);
      assertThat(employment.getEvents()).isEqualTo(3);
      assertThat(employment.getShareComplete()).isEqualTo(1.0);
      assertThat(tally.theme(FigureEvents.SCENARIO + "/elderly").getFiguresComplete()).isEqualTo(1);
      assertThat(tally.themes.readKeyValuesToMap().get(EMPLOYMENT)).isEqualTo(employment);
    }
  }

  @Test
  void aNewRunReplacesTheFiguresContribution() {
    Figure merchants = Figure.counter("net_new_merchants", 20, 2);
    try (Driver tally = new Driver(stateDir)) {
      tally.send(merchants, 0, 10, T0);
      tally.send(merchants, 1, 10, T0);
      tally.send(merchants.run("run-2"), 0, 10, T0);

      ThemeTotal employment = tally.theme(EMPLOYMENT);
      assertThat(employment.getFiguresSeen()).isEqualTo(1);
      assertThat(employment.getFiguresComplete()).isZero();
      assertThat(employment.getEvents()).isEqualTo(1);
      assertThat(employment.getRunId()).isEqualTo("run-2");
    }
  }
}
