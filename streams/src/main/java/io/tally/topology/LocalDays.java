package io.tally.topology;

import io.tally.avro.FigureEvent;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps event times to "local timestamps" so that Kafka's UTC-aligned one-day windows are local
 * days: {@code eventTime + offset(eventTime)} is the local wall-clock time read as if it were UTC,
 * so local midnight falls on a multiple of 86 400 000 ms and {@code localTimestamp / 86 400 000} is
 * the local epoch day, exactly, across daylight-saving changes.
 *
 * <p>One instance per processor (stream threads do not share it). Zone ids come from the events; an
 * id that does not exist falls back to a configured zone, with one warning per id.
 */
final class LocalDays {
  static final long DAY_MS = Duration.ofDays(1).toMillis();
  private static final Logger log = LoggerFactory.getLogger(LocalDays.class);
  // Zone ids are data: bound the cache so a stream of made-up ids cannot grow it forever.
  private static final int MAX_CACHED_ZONES = 1024;

  private final ZoneId fallback;
  private final Map<String, ZoneId> zones = new HashMap<>();

  LocalDays(ZoneId fallback) {
    this.fallback = fallback;
  }

  long localTimestamp(FigureEvent e) {
    Instant time = e.getEventTime();
    long offsetMs = zoneOf(e.getTimeZone()).getRules().getOffset(time).getTotalSeconds() * 1000L;
    return time.toEpochMilli() + offsetMs;
  }

  static LocalDate dayOf(long localTimestamp) {
    return LocalDate.ofEpochDay(Math.floorDiv(localTimestamp, DAY_MS));
  }

  ZoneId zoneOf(String id) {
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
