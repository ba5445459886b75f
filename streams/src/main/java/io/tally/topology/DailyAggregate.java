package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One metric's aggregate for one local day, as kept in window store {@code tally-daily-totals}.
 * Counter: the sum of the day's deltas; gauge: the day's latest observation by event time (ties
 * broken by the higher sequence, which is why this is not simply a {@link MetricDailyTotal}). An
 * event of another run starts the day afresh, as the running total does.
 */
record DailyAggregate(
    String scenario,
    String theme,
    String metric,
    String runId,
    FigureKind kind,
    int scale,
    long value,
    int events,
    long lastEventTime,
    int lastSequence) {

  private static final byte FORMAT = 1;

  static DailyAggregate empty() {
    return new DailyAggregate("", "", "", "", FigureKind.COUNTER, 0, 0, 0, Long.MIN_VALUE, -1);
  }

  /**
   * The aggregate with one more counted event. A counter sum that would overflow throws {@link
   * ArithmeticException} (never wraps); the running total rejects such an event first, so only
   * interleaved runs could get here, and the processing handler dead-letters the record.
   */
  DailyAggregate add(FigureEvent e) {
    long time = e.getEventTime().toEpochMilli();
    if (events == 0 || !runId.equals(e.getRunId())) {
      return first(e, time);
    }
    if (e.getKind() == FigureKind.COUNTER) {
      long sum = Math.addExact(value, e.getValue());
      return with(sum, Math.max(lastEventTime, time), lastSequence);
    }
    boolean newer =
        time > lastEventTime || (time == lastEventTime && e.getSequence() > lastSequence);
    return newer
        ? with(e.getValue(), time, e.getSequence())
        : with(value, lastEventTime, lastSequence);
  }

  private DailyAggregate first(FigureEvent e, long time) {
    return new DailyAggregate(
        e.getScenario(),
        e.getTheme(),
        e.getMetric(),
        e.getRunId(),
        e.getKind(),
        e.getScale(),
        e.getValue(),
        1,
        time,
        e.getSequence());
  }

  private DailyAggregate with(long newValue, long newLastEventTime, int newLastSequence) {
    return new DailyAggregate(
        scenario,
        theme,
        metric,
        runId,
        kind,
        scale,
        newValue,
        events + 1,
        newLastEventTime,
        newLastSequence);
  }

  MetricDailyTotal toAvro(LocalDate day) {
    return MetricDailyTotal.newBuilder()
        .setScenario(scenario)
        .setTheme(theme)
        .setMetric(metric)
        .setRunId(runId)
        .setDay(day)
        .setKind(kind)
        .setScale(scale)
        .setValue(value)
        .setEvents(events)
        .setLastEventTime(Instant.ofEpochMilli(lastEventTime))
        .build();
  }

  /** A format byte, then the fields; strings as length-prefixed UTF-8, the kind by name. */
  static Serde<DailyAggregate> serde() {
    Serializer<DailyAggregate> serializer =
        (topic, a) -> {
          if (a == null) {
            return null;
          }
          byte[][] strings = {
            utf8(a.scenario), utf8(a.theme), utf8(a.metric), utf8(a.runId), utf8(a.kind.name())
          };
          int size = 1 + Integer.BYTES * 3 + Long.BYTES * 2 + Integer.BYTES;
          for (byte[] s : strings) {
            size += Integer.BYTES + s.length;
          }
          ByteBuffer buffer = ByteBuffer.allocate(size).put(FORMAT);
          for (byte[] s : strings) {
            buffer.putInt(s.length).put(s);
          }
          buffer.putInt(a.scale).putLong(a.value).putInt(a.events);
          buffer.putLong(a.lastEventTime).putInt(a.lastSequence);
          return buffer.array();
        };
    Deserializer<DailyAggregate> deserializer =
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          ByteBuffer buffer = ByteBuffer.wrap(data);
          byte format = buffer.get();
          if (format != FORMAT) {
            throw new SerializationException("unknown daily aggregate format " + format);
          }
          return new DailyAggregate(
              string(buffer),
              string(buffer),
              string(buffer),
              string(buffer),
              FigureKind.valueOf(string(buffer)),
              buffer.getInt(),
              buffer.getLong(),
              buffer.getInt(),
              buffer.getLong(),
              buffer.getInt());
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String string(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.getInt()];
    buffer.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
