package io.tally.expand;

import io.tally.scenario.Figure;
import io.tally.scenario.Kind;
import io.tally.scenario.Period;
import io.tally.scenario.Profile;
import io.tally.scenario.Qualifier;
import io.tally.scenario.Scenario;
import io.tally.scenario.Theme;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/** Scenarios built in code for expansion tests. */
final class TestScenarios {
  private TestScenarios() {}

  static Figure figure(
      String id, Kind kind, BigDecimal value, LocalDateTime start, LocalDateTime end, Profile p) {
    return new Figure(
        id,
        "t",
        id.replace('-', '_'),
        id,
        "units",
        kind,
        Qualifier.EXACT,
        value,
        null,
        new Period(start, end),
        p,
        "sentence of " + id);
  }

  static Scenario of(Figure... figures) {
    LocalDateTime start = LocalDateTime.of(2022, 10, 24, 20, 0);
    return new Scenario(
        "test",
        "Test",
        "",
        "",
        "test.txt",
        ZoneId.of("Asia/Shanghai"),
        new Period(start, start.plusDays(18)),
        List.of(new Theme("t", "T", "")),
        List.of(figures),
        "test",
        "hash");
  }
}
