package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.topology.DailyFold.Day;
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

/**
 * The pure pieces: sequence sets, the state serde, the daily fold, local days, the timestamp
 * extractor.
 */
class UnitsTest {
  private static final Instant T0 = Instant.parse("2022-11-01T00:00:00Z");
  private static final LocalDate NOV_1 = LocalDate.of(2022, 11, 1);

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
  void counterDaySumsItsDeltasAndKeepsItsLatestEventTime() {
    Figure counter = Figure.counter("中文_metric", 9, 3);
    Day day = DailyFold.apply(null, counter.event(1, 4, T0.plusSeconds(60)), NOV_1);
    day = DailyFold.apply(day, counter.event(0, 2, T0), NOV_1);

    assertThat(day.total().getValue()).isEqualTo(6);
    assertThat(day.total().getEvents()).isEqualTo(2);
    assertThat(day.total().getLastEventTime()).isEqualTo(T0.plusSeconds(60));
    assertThat(day.total().getDay()).isEqualTo(NOV_1);
    assertThat(day.total().getMetric()).isEqualTo("中文_metric");
    assertThat(day.valueSequence()).isEqualTo(DailyFold.NO_SEQUENCE);
  }

  @Test
  void gaugeDayKeepsItsLatestObservationTiesToTheHigherSequence() {
    Figure gauge = Figure.gauge("share", 40, 3);
    FigureEvent low = gauge.event(1, 10, T0);
    FigureEvent high = gauge.event(2, 20, T0);
    FigureEvent older = gauge.event(0, 30, T0.minusSeconds(1));

    Day inOrder = DailyFold.apply(DailyFold.apply(null, low, NOV_1), high, NOV_1);
    Day reversed = DailyFold.apply(DailyFold.apply(null, high, NOV_1), low, NOV_1);
    Day withOlder = DailyFold.apply(reversed, older, NOV_1);

    assertThat(inOrder).isEqualTo(reversed);
    assertThat(reversed.total().getValue()).isEqualTo(20);
    assertThat(reversed.valueSequence()).isEqualTo(2);
    assertThat(withOlder.total().getValue()).isEqualTo(20);
    assertThat(withOlder.total().getEvents()).isEqualTo(3);
  }

  @Test
  void aDayOfAnotherRunStartsAfresh() {
    Figure counter = Figure.counter("m", 9, 3);
    Day first = DailyFold.apply(null, counter.event(0, 4, T0), NOV_1);

    Day second = DailyFold.apply(first, counter.run("run-2").event(0, 5, T0), NOV_1);

    assertThat(second.total().getRunId()).isEqualTo("run-2");
    assertThat(second.total().getValue()).isEqualTo(5);
    assertThat(second.total().getEvents()).isEqualTo(1);
  }

  @Test
  void localDaysFollowDaylightSavingTime() {
    LocalDays days = new LocalDays(ZoneOffset.UTC);
    Figure ny = Figure.counter("m", 1, 1).zone("America/New_York");
    // 2022-11-06 01:30 happens twice in New York (EDT, then EST); both are on Nov 6.
    FigureEvent edt = ny.event(0, 1, Instant.parse("2022-11-06T05:30:00Z"));
    FigureEvent est = ny.event(0, 1, Instant.parse("2022-11-06T06:30:00Z"));
    FigureEvent beforeMidnight = ny.event(0, 1, Instant.parse("2022-11-07T04:59:59Z"));
    LocalDate nov6 = LocalDate.of(2022, 11, 6);

    assertThat(days.of(edt).date()).isEqualTo(nov6);
    assertThat(days.of(est).date()).isEqualTo(nov6);
    assertThat(days.of(beforeMidnight).date()).isEqualTo(nov6);
    // A 25-hour day: it ends at midnight EST.
    assertThat(days.of(edt).end()).isEqualTo(Instant.parse("2022-11-07T05:00:00Z"));
  }

  @Test
  void unknownZoneFallsBack() {
    LocalDays days = new LocalDays(ZoneOffset.ofHours(8));
    Figure mars = Figure.counter("m", 1, 1).zone("Mars/Olympus");

    LocalDays.Day day = days.of(mars.event(0, 1, Instant.parse("2022-11-01T20:00:00Z")));

    assertThat(day.zone()).isEqualTo(ZoneOffset.ofHours(8));
    assertThat(day.date()).isEqualTo(LocalDate.of(2022, 11, 2));
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
