package io.tally.topology;

import io.tally.avro.FigureEvent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local day of an event: the calendar date of its event time in its own zone, and the instant
 * that day ends (the next day's first moment, so a day may last 23 or 25 hours across a
 * daylight-saving change).
 *
 * <p>One instance per processor (stream threads do not share it). Zone ids come from the events; an
 * id that does not exist falls back to a configured zone, with one warning per id.
 */
final class LocalDays {
  private static final Logger log = LoggerFactory.getLogger(LocalDays.class);
  // Zone ids are data: bound the cache so a stream of made-up ids cannot grow it forever.
  private static final int MAX_CACHED_ZONES = 1024;

  private final ZoneId fallback;
  private final Map<String, ZoneId> zones = new HashMap<>();

  /** A local day in a zone. */
  record Day(LocalDate date, ZoneId zone) {
    Instant end() {
      return date.plusDays(1).atStartOfDay(zone).toInstant();
    }
  }

  LocalDays(ZoneId fallback) {
    this.fallback = fallback;
  }

  Day of(FigureEvent e) {
    ZoneId zone = zoneOf(e.getTimeZone());
    return new Day(LocalDate.ofInstant(e.getEventTime(), zone), zone);
  }

  private ZoneId zoneOf(String id) {
    ZoneId zone = zones.get(id);
    if (zone != null) {
      return zone;
    }
    if (zones.size() >= MAX_CACHED_ZONES) {
      zones.clear();
    }
    try {
      zone = ZoneId.of(id);
    } catch (DateTimeException | NullPointerException e) {
      log.warn("unknown time zone '{}' in figure events; daily totals use {}", id, fallback);
      zone = fallback;
    }
    zones.put(id, zone);
    return zone;
  }
}
