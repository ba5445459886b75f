package io.tally.runtime;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.Qualifier;
import io.tally.serde.TallySerdes;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import io.tally.topology.DeadLetterReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Test fixture: the records a hostile or buggy producer could write to {@code tally.figure-events},
 * each with the dead-letter reason Tally must give it, built from a run's real events and a seeded
 * {@link Random} so that a failing seed can be replayed.
 *
 * <p>Besides the faults, it writes one valid event: the first delta of a counter figure of its own
 * ({@value #OVERFLOW_KEY}, two events) whose second delta makes the sum overflow a long. Events of
 * one key are sent by one producer in order, so that figure's records keep their order.
 */
final class PoisonPills {
  static final String OVERFLOW_KEY = "poison/t/big";
  static final long OVERFLOW_FIRST_DELTA = Long.MAX_VALUE - 1;

  /**
   * One record to inject.
   *
   * @param what a description for failure messages
   * @param expected the dead-letter reason it must get, or null for a valid event
   */
  record Pill(String what, String key, byte[] value, DeadLetterReason expected) {
    boolean isFault() {
      return expected != null;
    }
  }

  private PoisonPills() {}

  /**
   * The pills in the order to send them: shuffled, except that the records of the overflow figure
   * keep their relative order (valid first delta, inconsistent event, overflowing delta).
   */
  static List<Pill> of(List<FigureEvent> realEvents, Random random) {
    List<Pill> pills = new ArrayList<>();
    pills.add(undecodable("garbage bytes", "garbage", randomBytes(random, 1 + random.nextInt(64))));
    pills.add(undecodable("more garbage bytes", null, randomBytes(random, 200)));
    pills.add(undecodable("an empty value", "empty", new byte[0]));
    pills.add(undecodable("a tombstone", "tombstone", null));
    FigureEvent any = pick(realEvents, random, null);
    byte[] anyBytes = encode(any);
    pills.add(
        undecodable("a truncated event", key(any), Arrays.copyOf(anyBytes, anyBytes.length / 2)));
    pills.add(undecodable("a MetricDailyTotal record", key(any), dailyTotal(any)));
    pills.add(
        undecodable(
            "a FigureEvent written with an extra FigureKind symbol",
            key(any),
            withExtraKindSymbol(any)));

    FigureEvent counter = copy(pick(realEvents, random, FigureKind.COUNTER));
    counter.setValue(-1 - random.nextInt(1000));
    pills.add(pill("a negative counter delta", counter, DeadLetterReason.NEGATIVE_DELTA));
    FigureEvent zero = copy(pick(realEvents, random, FigureKind.COUNTER));
    zero.setValue(0L);
    pills.add(pill("a zero counter delta", zero, DeadLetterReason.NEGATIVE_DELTA));

    FigureEvent old = copy(pick(realEvents, random, null));
    old.setEventTime(Instant.parse("1990-06-01T00:00:00Z"));
    pills.add(pill("an event time in 1990", old, DeadLetterReason.ABSURD_EVENT_TIME));
    FigureEvent future = copy(pick(realEvents, random, null));
    future.setEventTime(Instant.parse("2100-01-01T00:00:00Z"));
    pills.add(pill("an event time in 2100", future, DeadLetterReason.ABSURD_EVENT_TIME));

    FigureEvent beyond = copy(pick(realEvents, random, null));
    beyond.setSequence(beyond.getEventsInFigure());
    pills.add(pill("a sequence past the figure's events", beyond, DeadLetterReason.BAD_SEQUENCE));
    FigureEvent negativeSequence = copy(pick(realEvents, random, null));
    negativeSequence.setSequence(-1);
    pills.add(pill("a negative sequence", negativeSequence, DeadLetterReason.BAD_SEQUENCE));

    FigureEvent misKeyed = copy(pick(realEvents, random, null));
    pills.add(
        new Pill(
            "a key that is not the event's metric",
            misKeyed.getScenario() + "/" + misKeyed.getTheme() + "/not-" + misKeyed.getMetric(),
            encode(misKeyed),
            DeadLetterReason.KEY_MISMATCH));
    FigureEvent noScenario = copy(pick(realEvents, random, null));
    noScenario.setScenario("");
    pills.add(pill("an empty scenario", noScenario, DeadLetterReason.MISSING_FIELD));
    FigureEvent unknownQualifier = copy(pick(realEvents, random, null));
    unknownQualifier.setQualifier(Qualifier.UNKNOWN);
    pills.add(pill("qualifier UNKNOWN", unknownQualifier, DeadLetterReason.UNKNOWN_QUALIFIER));

    List<Pill> overflow = overflowFigure(pick(realEvents, random, FigureKind.COUNTER));
    pills.addAll(overflow);
    Collections.shuffle(pills, random);
    return keepOrder(pills, overflow);
  }

  /** A counter figure of its own whose two deltas sum above {@link Long#MAX_VALUE}. */
  private static List<Pill> overflowFigure(FigureEvent template) {
    FigureEvent first = copy(template);
    first.setScenario("poison");
    first.setTheme("t");
    first.setMetric("big");
    first.setFigureId("poison-big");
    first.setRunId("poison-run");
    first.setEventId("poison-big-0");
    first.setScale(0);
    first.setSequence(0);
    first.setEventsInFigure(2);
    first.setExpectedValue(Long.MAX_VALUE);
    first.setExpectedUpper(null);
    first.setValue(OVERFLOW_FIRST_DELTA);
    FigureEvent inconsistent = copy(first);
    inconsistent.setFigureId("poison-other");
    inconsistent.setEventId("poison-other-1");
    inconsistent.setSequence(1);
    inconsistent.setValue(1L);
    FigureEvent second = copy(first);
    second.setEventId("poison-big-1");
    second.setSequence(1);
    second.setValue(2L);
    return List.of(
        pill("the first delta of the overflowing figure", first, null),
        pill(
            "another figure's event in the overflowing figure's run",
            inconsistent,
            DeadLetterReason.INCONSISTENT_FIGURE),
        pill("a delta that overflows the counter", second, DeadLetterReason.OVERFLOW));
  }

  private static List<Pill> keepOrder(List<Pill> shuffled, List<Pill> ordered) {
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < shuffled.size(); i++) {
      if (ordered.contains(shuffled.get(i))) {
        slots.add(i);
      }
    }
    List<Pill> out = new ArrayList<>(shuffled);
    for (int i = 0; i < slots.size(); i++) {
      out.set(slots.get(i), ordered.get(i));
    }
    return out;
  }

  private static Pill pill(String what, FigureEvent event, DeadLetterReason expected) {
    return new Pill(what, key(event), encode(event), expected);
  }

  private static Pill undecodable(String what, String key, byte[] value) {
    return new Pill(what, key, value, DeadLetterReason.UNDECODABLE);
  }

  private static String key(FigureEvent e) {
    return Keys.metric(e.getScenario(), e.getTheme(), e.getMetric());
  }

  private static FigureEvent pick(List<FigureEvent> events, Random random, FigureKind kind) {
    List<FigureEvent> candidates =
        kind == null ? events : events.stream().filter(e -> e.getKind() == kind).toList();
    return candidates.get(random.nextInt(candidates.size()));
  }

  private static FigureEvent copy(FigureEvent e) {
    return FigureEvent.newBuilder(e).build();
  }

  private static byte[] encode(FigureEvent e) {
    return TallySerdes.figureEvent().serialize(Topics.FIGURE_EVENTS, e);
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A record of another published schema, as a confused producer would write it. */
  private static byte[] dailyTotal(FigureEvent e) {
    MetricDailyTotal daily =
        MetricDailyTotal.newBuilder()
            .setScenario(e.getScenario())
            .setTheme(e.getTheme())
            .setMetric(e.getMetric())
            .setRunId(e.getRunId())
            .setDay(LocalDate.of(2022, 11, 11))
            .setKind(e.getKind())
            .setScale(e.getScale())
            .setValue(e.getValue())
            .setEvents(1)
            .setLastEventTime(e.getEventTime())
            .build();
    return TallySerdes.metricDailyTotal().serialize(Topics.METRIC_TOTALS_DAILY, daily);
  }

  /**
   * The event as a producer with a newer, unpublished schema would write it: FigureKind has a
   * symbol this reader does not know, so the fingerprint is unknown.
   */
  private static byte[] withExtraKindSymbol(FigureEvent e) {
    Schema original = FigureEvent.getClassSchema();
    String json = original.toString();
    String symbols = "\"symbols\":[\"COUNTER\",\"GAUGE\"]";
    if (!json.contains(symbols)) {
      throw new IllegalStateException("FigureKind symbols changed: " + json);
    }
    Schema modified =
        new Schema.Parser()
            .parse(json.replace(symbols, "\"symbols\":[\"COUNTER\",\"GAUGE\",\"HISTOGRAM\"]"));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<FigureEvent>(original).write(e, encoder);
      encoder.flush();
      GenericRecord record =
          new GenericDatumReader<GenericRecord>(original, modified)
              .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
      record.put(
          "kind", new GenericData.EnumSymbol(modified.getField("kind").schema(), "HISTOGRAM"));
      ByteBuffer buffer =
          new BinaryMessageEncoder<GenericRecord>(GenericData.get(), modified).encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
