package io.tally.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.Provenance;
import io.tally.avro.Qualifier;
import io.tally.topology.DeadLetterReason;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event counters and the latency timer, bound to a {@link SimpleMeterRegistry}. */
class EventMetricsTest {
  private static final String SCENARIO = "double11-2022";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EventMetrics metrics = new EventMetrics();

  @BeforeEach
  void bind() {
    metrics.bindTo(registry);
  }

  @AfterEach
  void close() {
    metrics.close();
    registry.close();
  }

  @Test
  void everyDeadLetterReasonExistsAtZeroAfterBind() {
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      Counter counter = registry.find("tally.dead.letters").tag("reason", reason.code()).counter();
      assertThat(counter).as(reason.code()).isNotNull();
      assertThat(counter.count()).as(reason.code()).isZero();
    }
    assertThat(registry.find("tally.dead.letters").counters())
        .hasSize(DeadLetterReason.values().length);
    assertThat(registry.get("tally.runs.superseded").counter().count()).isZero();
    assertThat(registry.get("tally.end.to.end.latency").timer().count()).isZero();
  }

  @Test
  void deadLetterIncrementsItsReasonOnly() {
    metrics.deadLetter(DeadLetterReason.NEGATIVE_DELTA.code());
    metrics.deadLetter(DeadLetterReason.NEGATIVE_DELTA.code());

    assertThat(deadLetters(DeadLetterReason.NEGATIVE_DELTA)).isEqualTo(2.0);
    assertThat(deadLetters(DeadLetterReason.UNDECODABLE)).isZero();
  }

  @Test
  void aSkippedRunLogRecordIsCountedByReason() {
    metrics.runLogRecordIgnored("undecodable");
    metrics.runLogRecordIgnored("undecodable");
    metrics.runLogRecordIgnored("no-key");

    assertThat(
            registry
                .get("tally.run.log.records.ignored")
                .tag("reason", "undecodable")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry.get("tally.run.log.records.ignored").tag("reason", "no-key").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void countedEventIncrementsItsScenarioAndThemeAndRecordsLatency() {
    metrics.eventCounted(event("employment"), 42);
    metrics.eventCounted(event("employment"), 8);
    metrics.eventCounted(event("helping-farmers"), 0);

    assertThat(counted("employment")).isEqualTo(2.0);
    assertThat(counted("helping-farmers")).isEqualTo(1.0);
    Timer latency = registry.get("tally.end.to.end.latency").timer();
    assertThat(latency.count()).isEqualTo(3);
    assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(50.0);
    assertThat(latency.max(TimeUnit.MILLISECONDS)).isEqualTo(42.0);
  }

  @Test
  void countedEventWithoutProduceTimeRecordsNoLatency() {
    metrics.eventCounted(event("employment"), -1);

    assertThat(counted("employment")).isEqualTo(1.0);
    assertThat(registry.get("tally.end.to.end.latency").timer().count()).isZero();
  }

  @Test
  void duplicateAndLateCountersExistAtZeroFromTheScenariosFirstCountedEvent() {
    assertThat(registry.find("tally.events.duplicate").counter()).isNull();
    assertThat(registry.find("tally.events.late").counter()).isNull();

    metrics.eventCounted(event("employment"), 5);

    assertThat(registry.get("tally.events.duplicate").tag("scenario", SCENARIO).counter().count())
        .isZero();
    assertThat(registry.get("tally.events.late").tag("scenario", SCENARIO).counter().count())
        .isZero();
  }

  @Test
  void duplicatesLateEventsAndSupersededRunsAreCounted() {
    metrics.eventCounted(event("employment"), 5);
    metrics.duplicate(event("employment"));
    metrics.duplicate(event("green"));
    metrics.late(event("employment"));
    metrics.superseded(SCENARIO + "/employment/net_new_merchants", "run-1", "run-2");

    assertThat(registry.get("tally.events.duplicate").tag("scenario", SCENARIO).counter().count())
        .isEqualTo(2.0);
    assertThat(registry.get("tally.events.late").tag("scenario", SCENARIO).counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("tally.runs.superseded").counter().count()).isEqualTo(1.0);
  }

  @Test
  void closeRemovesEveryMeterItRegistered() {
    metrics.eventCounted(event("employment"), 5);
    metrics.duplicate(event("employment"));
    metrics.late(event("employment"));
    metrics.deadLetter("undecodable");
    metrics.superseded("k", "run-1", "run-2");
    assertThat(registry.getMeters()).isNotEmpty();

    metrics.close();

    assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
  }

  @Test
  void callbacksAfterCloseRegisterNothing() {
    metrics.close();

    metrics.eventCounted(event("employment"), 5);
    metrics.duplicate(event("employment"));
    metrics.late(event("employment"));
    metrics.deadLetter("undecodable");
    metrics.superseded("k", "run-1", "run-2");

    assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
  }

  @Test
  void callbacksBeforeBindAreIgnoredAndCountNothingOnceBound() {
    EventMetrics unbound = new EventMetrics();
    assertThatCode(
            () -> {
              unbound.eventCounted(event("employment"), 5);
              unbound.duplicate(event("employment"));
              unbound.late(event("employment"));
              unbound.deadLetter("undecodable");
              unbound.superseded("k", "run-1", "run-2");
              unbound.runLogRecordIgnored("undecodable");
            })
        .doesNotThrowAnyException();

    SimpleMeterRegistry later = new SimpleMeterRegistry();
    unbound.bindTo(later);
    // What happened before the bind was not kept anywhere to be counted later.
    assertThat(later.find("tally.events.counted").counters()).isEmpty();
    assertThat(later.get("tally.dead.letters").tag("reason", "undecodable").counter().count())
        .isZero();
    assertThat(later.get("tally.runs.superseded").counter().count()).isZero();
    unbound.close();
  }

  @Test
  void aMeterOfAnotherBinderSurvivesClose() {
    Counter other = registry.counter("other.counter");

    metrics.close();

    assertThat(registry.getMeters()).containsExactly(other);
  }

  private double deadLetters(DeadLetterReason reason) {
    return registry.get("tally.dead.letters").tag("reason", reason.code()).counter().count();
  }

  private double counted(String theme) {
    return registry
        .get("tally.events.counted")
        .tags("scenario", SCENARIO, "theme", theme)
        .counter()
        .count();
  }

  private static FigureEvent event(String theme) {
    Instant time = Instant.parse("2022-11-01T00:00:00Z");
    return FigureEvent.newBuilder()
        .setEventId(SCENARIO + "/run-1/" + theme + "-figure/0")
        .setScenario(SCENARIO)
        .setRunId("run-1")
        .setFigureId(theme + "-figure")
        .setTheme(theme)
        .setMetric("some_metric")
        .setUnit("merchants")
        .setKind(FigureKind.COUNTER)
        .setQualifier(Qualifier.EXACT)
        .setValue(1)
        .setScale(0)
        .setEventTime(time)
        .setSequence(0)
        .setEventsInFigure(1)
        .setExpectedValue(1)
        .setExpectedUpper(null)
        .setPeriodStart(time)
        .setPeriodEnd(time)
        .setTimeZone("UTC")
        .setProvenance(
            Provenance.newBuilder()
                .setSourceDocument("seeds/000_4a804bc525f3f7c6.txt")
                .setSentence("过去一年，淘宝净增120万商家")
                .setLabel("a figure")
                .build())
        .build();
  }
}
