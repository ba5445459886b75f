package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.topology.FigureEvents.Figure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The pure pieces: sequence sets, state serdes, local days, the timestamp extractor. */
class UnitsTest {
  private static final Instant T0 = Instant.parse("2022-11-01T00:00:00Z");

  @Property
  void sequenceSetBehavesLikeASetAndSurvivesSerialization(
      @ForAll List<@IntRange(min = 0, max = 300) Integer> sequences) {
    SequenceSet set = new SequenceSet();
    Set<Integer> reference = new HashSet<>();
    for (int s : sequences) {
      assertThat(set.add(s)).isEqualTo(reference.add(s));
    }
    assertThat(set.size()).isEqualTo(reference.size());
    var buffer = ByteBuffer.allocate(set.serializedSize());
    set.writeTo(buffer);
    assertThat(buffer.hasRemaining()).isFalse();
    SequenceSet copy = SequenceSet.readFrom(buffer.flip());
    for (int s = 0; s <= 300; s++) {
      assertThat(copy.contains(s)).isEqualTo(reference.contains(s));
    }
  }

  @Test
  void inOrderSequencesKeepTheBitmapEmpty() {
    SequenceSet set = new SequenceSet();
    for (int s = 0; s < 100_000; s++) {
      set.add(s);
    }
    assertThat(set.serializedSize()).isEqualTo(8);
    assertThat(set.size()).isEqualTo(100_000);
  }

  @Test
  void metricStateSurvivesItsSerde() {
    Figure gauge = Figure.gauge("share", 40, 5);
    MetricState state = MetricState.start(gauge.event(0, 40, T0));
    state.counted.add(3);
    state.valueSequence = 3;
    var serde = MetricState.serde();

    MetricState copy =
        serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

    assertThat(copy.total).isEqualTo(state.total);
    assertThat(copy.valueSequence).isEqualTo(3);
    assertThat(copy.counted.contains(3)).isTrue();
    assertThat(copy.counted.contains(0)).isFalse();
  }

  @Test
  void dailyAggregateSurvivesItsSerde() {
    DailyAggregate aggregate =
        DailyAggregate.empty().add(Figure.counter("中文_metric", 9, 3).event(1, 4, T0));
    var serde = DailyAggregate.serde();

    assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", aggregate)))
        .isEqualTo(aggregate);
  }

  @Test
  void localDaysFollowDaylightSavingTime() {
    LocalDays days = new LocalDays(ZoneOffset.UTC);
    Figure ny = Figure.counter("m", 1, 1).zone("America/New_York");
    // 2022-11-06 01:30 happens twice in New York (EDT, then EST); both are on Nov 6.
    FigureEvent edt = ny.event(0, 1, Instant.parse("2022-11-06T05:30:00Z"));
    FigureEvent est = ny.event(0, 1, Instant.parse("2022-11-06T06:30:00Z"));
    FigureEvent beforeMidnight = ny.event(0, 1, Instant.parse("2022-11-07T04:59:59Z"));

    assertThat(LocalDays.dayOf(days.localTimestamp(edt))).isEqualTo(LocalDate.of(2022, 11, 6));
    assertThat(LocalDays.dayOf(days.localTimestamp(est))).isEqualTo(LocalDate.of(2022, 11, 6));
    assertThat(LocalDays.dayOf(days.localTimestamp(beforeMidnight)))
        .isEqualTo(LocalDate.of(2022, 11, 6));
  }

  @Test
  void unknownZoneFallsBack() {
    LocalDays days = new LocalDays(ZoneOffset.ofHours(8));
    FigureEvent e = Figure.counter("m", 1, 1).zone("Mars/Olympus").event(0, 1, T0);

    assertThat(days.localTimestamp(e)).isEqualTo(T0.toEpochMilli() + 8 * 3_600_000L);
  }

  @Test
  void extractorReadsEventTimeFromThePayload() {
    FigureEvent e = Figure.counter("m", 1, 1).event(0, 1, T0);
    byte[] bytes = FigureEvents.encode(e);
    var decoded = DecodedEvent.serde().deserializer().deserialize("t", bytes);

    assertThat(new EventTimeExtractor().extract(record(decoded, 42), 7))
        .isEqualTo(T0.toEpochMilli());
    assertThat(new EventTimeExtractor().extract(record(e, 42), 7)).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void extractorFallsBackToTheRecordTimestampAndNeverThrows() {
    var garbage =
        DecodedEvent.serde()
            .deserializer()
            .deserialize("t", "garbage".getBytes(StandardCharsets.UTF_8));
    EventTimeExtractor extractor = new EventTimeExtractor();

    assertThat(garbage.isDecoded()).isFalse();
    assertThat(extractor.extract(record(garbage, 42), 7)).isEqualTo(42);
    assertThat(extractor.extract(record("not an event", 42), 7)).isEqualTo(42);
    assertThat(extractor.extract(record(null, -1), 7)).isEqualTo(7);
    assertThat(extractor.extract(record(null, -1), -1)).isZero();
  }

  private static ConsumerRecord<Object, Object> record(Object value, long timestamp) {
    return new ConsumerRecord<>(
        "t",
        0,
        0,
        timestamp,
        TimestampType.CREATE_TIME,
        0,
        0,
        "k",
        value,
        new RecordHeaders(),
        Optional.empty());
  }
}
