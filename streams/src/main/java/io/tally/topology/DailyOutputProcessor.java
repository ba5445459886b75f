package io.tally.topology;

import io.tally.avro.MetricDailyTotal;
import java.time.LocalDate;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The processor {@code tally-daily-output}: turns a daily window update into the published {@link
 * MetricDailyTotal}, keyed {@code scenario/theme/metric/YYYY-MM-DD}. The window's start is local
 * midnight read as UTC (see {@link LocalDays}), so it gives the day; the record timestamp goes back
 * from local time to the true event time of the day's latest event.
 */
final class DailyOutputProcessor
    extends ContextualProcessor<Windowed<String>, DailyAggregate, String, MetricDailyTotal> {

  @Override
  public void process(Record<Windowed<String>, DailyAggregate> record) {
    LocalDate day = LocalDays.dayOf(record.key().window().start());
    DailyAggregate aggregate = record.value();
    context()
        .forward(
            record
                .withKey(MetricKeys.daily(record.key().key(), day))
                .withValue(aggregate.toAvro(day))
                .withTimestamp(aggregate.lastEventTime()));
  }
}
