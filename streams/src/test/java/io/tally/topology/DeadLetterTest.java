package io.tally.topology;

import static io.tally.topics.Headers.DLQ_DETAIL;
import static io.tally.topics.Headers.DLQ_OFFSET;
import static io.tally.topics.Headers.DLQ_PARTITION;
import static io.tally.topics.Headers.DLQ_REASON;
import static io.tally.topics.Headers.DLQ_TOPIC;
import static io.tally.topics.Headers.PRODUCED_AT;
import static io.tally.topology.FigureEvents.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import io.tally.serde.TallySerdes;
import io.tally.topics.Topics;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison pills go to tally.dead-letters with their original bytes, the reason and the source
 * offset, and the next good record is processed as if nothing happened.
 */
class DeadLetterTest {
  private static final Instant T0 = Instant.parse("2022-11-01T00:00:00Z");
  private static final Figure MERCHANTS = Figure.counter("net_new_merchants", 30, 3);

  @TempDir Path stateDir;
  private Driver tally;

  @BeforeEach
  void start() {
    tally = new Driver(stateDir);
  }

  @AfterEach
  void stop() {
    tally.close();
  }

  @Test
  void garbageBytesAreUndecodable() {
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    tally.send(MERCHANTS, 0, 10, T0);
    tally.sendRaw(MERCHANTS.key(), garbage);

    TestRecord<String, byte[]> letter = expectDeadLetter("undecodable", 1);
    assertThat(letter.value()).isEqualTo(garbage);
    assertThat(header(letter.headers(), DLQ_DETAIL)).contains("expected header C3 01");
  }

  @Test
  void avroOfAnotherSchemaIsUndecodable() {
    MetricTotal other =
        MetricState.start(MERCHANTS.event(0, 10, T0)).total; // a valid record, of the wrong type
    byte[] bytes = TallySerdes.metricTotal().serialize(Topics.METRIC_TOTALS, other);
    tally.sendRaw(MERCHANTS.key(), bytes);

    TestRecord<String, byte[]> letter = expectDeadLetter("undecodable", 0);
    assertThat(letter.value()).isEqualTo(bytes);
    assertThat(header(letter.headers(), DLQ_DETAIL)).contains("unknown schema fingerprint");
  }

  @Test
  void tombstoneIsUndecodable() {
    tally.sendRaw(MERCHANTS.key(), null);

    assertThat(expectDeadLetter("undecodable", 0).value()).isNull();
  }

  @Test
  void negativeDeltaIsDeadLettered() {
    tally.send(MERCHANTS, 0, -5, T0);
    expectDeadLetter("negative-delta", 0);
  }

  @Test
  void zeroDeltaIsDeadLettered() {
    tally.send(MERCHANTS, 0, 0, T0);
    expectDeadLetter("negative-delta", 0);
  }

  @Test
  void absurdEventTimeIsDeadLettered() {
    tally.send(MERCHANTS, 0, 10, Instant.parse("2031-01-01T00:00:00Z"));
    expectDeadLetter("absurd-event-time", 0);
  }

  @Test
  void eventTimeWithinTheSkewIsAccepted() {
    tally.send(MERCHANTS, 0, 10, FigureEvents.PERIOD_END.plusSeconds(3600));
    assertThat(tally.deadLetters.isEmpty()).isTrue();
    assertThat(tally.total(MERCHANTS.key()).getValue()).isEqualTo(10);
  }

  @Test
  void keyMismatchIsDeadLettered() {
    tally.sendRaw(
        "double11-2022/employment/other_metric", FigureEvents.encode(MERCHANTS.event(0, 10, T0)));
    TestRecord<String, byte[]> letter = expectDeadLetter("key-mismatch", 0);
    assertThat(letter.key()).isEqualTo("double11-2022/employment/other_metric");
  }

  @Test
  void emptyRunIdIsAMissingField() {
    tally.send(MERCHANTS.builder(0, 10, T0).setRunId("").build());
    assertThat(header(expectDeadLetter("missing-field", 0).headers(), DLQ_DETAIL))
        .isEqualTo("runId is empty");
  }

  @Test
  void sequenceOutsideTheFigureIsABadSequence() {
    tally.send(MERCHANTS, 3, 10, T0);
    expectDeadLetter("bad-sequence", 0);
  }

  @Test
  void unknownQualifierIsDeadLettered() {
    tally.send(MERCHANTS.builder(0, 10, T0).setQualifier(Qualifier.UNKNOWN).build());
    expectDeadLetter("unknown-qualifier", 0);
  }

  @Test
  void anotherFigureUnderTheSameKeyAndRunIsInconsistent() {
    tally.send(MERCHANTS, 0, 10, T0);
    tally.send(MERCHANTS.builder(1, 10, T0).setEventsInFigure(5).build());
    expectDeadLetter("inconsistent-figure", 1);
  }

  @Test
  void overflowIsDeadLetteredAndTheTotalNeverWraps() {
    Figure huge = Figure.counter("huge", Long.MAX_VALUE, 3);
    tally.send(huge, 0, Long.MAX_VALUE - 1, T0);
    tally.send(huge, 1, 2, T0.plusSeconds(1));

    TestRecord<String, byte[]> letter = expectDeadLetter("overflow", 1);
    assertThat(letter.value()).isEqualTo(FigureEvents.encode(huge.event(1, 2, T0.plusSeconds(1))));
    MetricTotal total = tally.total(huge.key());
    assertThat(total.getValue()).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(total.getEventsCounted()).isEqualTo(1);

    tally.send(huge, 2, 1, T0.plusSeconds(2));
    assertThat(tally.total(huge.key()).getValue()).isEqualTo(Long.MAX_VALUE);
  }

  /**
   * Asserts exactly one dead letter with this reason from this source offset, then that a good
   * record right after it is still counted.
   */
  private TestRecord<String, byte[]> expectDeadLetter(String reason, long offset) {
    TestRecord<String, byte[]> letter = tally.deadLetters.readRecord();
    assertThat(tally.deadLetters.isEmpty()).isTrue();
    assertThat(header(letter.headers(), DLQ_REASON)).isEqualTo(reason);
    assertThat(header(letter.headers(), DLQ_TOPIC)).isEqualTo(Topics.FIGURE_EVENTS);
    assertThat(header(letter.headers(), DLQ_PARTITION)).isEqualTo("0");
    assertThat(header(letter.headers(), DLQ_OFFSET)).isEqualTo(Long.toString(offset));
    assertThat(letter.headers().lastHeader(PRODUCED_AT)).isNotNull();
    assertThat(tally.observer.deadLetters).containsExactly(reason);

    Figure next = Figure.counter("next_good_record", 7, 1);
    tally.send(next, 0, 7, T0);
    assertThat(tally.total(next.key()).getComplete()).isTrue();
    return letter;
  }
}
