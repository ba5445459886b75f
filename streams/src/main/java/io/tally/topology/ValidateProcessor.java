package io.tally.topology;

import io.tally.topology.EventValidator.Rejection;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The processor {@code tally-validate}: reads records of {@code tally.figure-events} as {@link
 * DecodedEvent}s and forwards each either as {@link Routed.Accepted} (on to the totals) or as a
 * {@link Routed.DeadLetter} bound for {@code tally.dead-letters}, with header {@code
 * tally.dlq.reason} set to {@code undecodable} or to the first rule of {@link EventValidator} it
 * breaks. Stateless.
 */
final class ValidateProcessor implements FixedKeyProcessor<String, DecodedEvent, Routed> {
  private final EventValidator validator;
  private final TallyObserver observer;
  private FixedKeyProcessorContext<String, Routed> context;

  ValidateProcessor(EventValidator validator, TallyObserver observer) {
    this.validator = validator;
    this.observer = observer;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Routed> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, DecodedEvent> record) {
    DecodedEvent value = record.value();
    if (!value.isDecoded()) {
      Rejection rejection = new Rejection(DeadLetterReason.UNDECODABLE, value.error());
      DeadLetters.send(context, record, value.raw(), rejection, observer);
      return;
    }
    Optional<Rejection> rejection = validator.check(record.key(), value.event());
    if (rejection.isPresent()) {
      DeadLetters.send(context, record, value.raw(), rejection.get(), observer);
      return;
    }
    context.forward(record.withValue(new Routed.Accepted(value.event(), value.raw())));
  }
}
