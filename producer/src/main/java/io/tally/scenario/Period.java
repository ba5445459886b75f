package io.tally.scenario;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/** A span of local time in the scenario's time zone, both ends inclusive. */
public record Period(LocalDateTime start, LocalDateTime end) {
  public Instant startIn(ZoneId zone) {
    return start.atZone(zone).toInstant();
  }

  public Instant endIn(ZoneId zone) {
    return end.atZone(zone).toInstant();
  }
}
