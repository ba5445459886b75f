package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The late-event gate on its own: a local day closes when stream time reaches its end + grace. */
class DailyGateTest {
  private static final LocalDays.Day NOV_1 =
      new LocalDays.Day(LocalDate.of(2022, 11, 1), ZoneId.of("Asia/Shanghai"));

  @Test
  void aDayClosesWhenStreamTimeReachesItsEndPlusGrace() {
    DailyGate gate = new DailyGate(Duration.ofHours(6));

    assertThat(gate.isOpen(NOV_1, at("2022-11-01T12:00:00+08:00"))).isTrue();
    // Nov 1 ends at midnight in Shanghai; six hours of grace keep it open until 06:00.
    assertThat(gate.isOpen(NOV_1, at("2022-11-02T05:59:59.999+08:00"))).isTrue();
    assertThat(gate.isOpen(NOV_1, at("2022-11-02T06:00:00+08:00"))).isFalse();
  }

  @Test
  void withoutGraceADayClosesAtItsEnd() {
    DailyGate gate = new DailyGate(Duration.ZERO);

    assertThat(gate.isOpen(NOV_1, at("2022-11-01T23:59:59.999+08:00"))).isTrue();
    assertThat(gate.isOpen(NOV_1, at("2022-11-02T00:00:00+08:00"))).isFalse();
  }

  @Test
  void aDayOfTwentyFiveHoursClosesAtTheNextLocalMidnight() {
    // New York leaves daylight-saving time on 2022-11-06: its midnight after is 05:00 UTC.
    LocalDays.Day nov6 =
        new LocalDays.Day(LocalDate.of(2022, 11, 6), ZoneId.of("America/New_York"));
    DailyGate gate = new DailyGate(Duration.ZERO);

    assertThat(gate.isOpen(nov6, Instant.parse("2022-11-07T04:59:59.999Z"))).isTrue();
    assertThat(gate.isOpen(nov6, Instant.parse("2022-11-07T05:00:00Z"))).isFalse();
  }

  @Test
  void anAbsurdGraceKeepsEveryDayOpenWithoutOverflowing() {
    DailyGate gate = new DailyGate(Duration.ofSeconds(Long.MAX_VALUE));

    assertThat(gate.isOpen(NOV_1, Instant.MAX)).isTrue();
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }
}
