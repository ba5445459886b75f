package io.tally.topology;

import io.tally.avro.FigureEvent;
import io.tally.avro.Observation;
import io.tally.topology.EventValidator.Rejection;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The processor {@code tally-validate}: reads records of {@code tally.figure-events} as {@link
 * DecodedEvent}s, resolves an observation's figure in the run log ({@link ObservationResolver}),
 * and forwards each either as {@link Routed.Accepted} (on to the totals) or as a {@link
 * Routed.DeadLetter} bound for {@code tally.dead-letters}, with header {@code tally.dlq.reason} set
 * to {@code undecodable} or to the first rule of {@link EventValidator} it breaks. Stateless.
 */
final class ValidateProcessor implements FixedKeyProcessor<String, DecodedEvent, Routed> {
  private final EventValidator validator;
  private final TallyObserver observer;
  private final Declarations declarations;
  private final Duration declarationWait;
  private FixedKeyProcessorContext<String, Routed> context;
  private ObservationResolver resolver;

  ValidateProcessor(
      EventValidator validator,
      TallyObserver observer,
      Declarations declarations,
      Duration declarationWait) {
    this.validator = validator;
    this.observer = observer;
    this.declarations = declarations;
    this.declarationWait = declarationWait;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Routed> context) {
    this.context = context;
    this.resolver = new ObservationResolver(declarations, declarationWait);
  }

  @Override
  public void process(FixedKeyRecord<String, DecodedEvent> record) {
    DecodedEvent value = record.value();
    if (!value.isDecoded()) {
      Rejection rejection =
          new Rejection(
              DeadLetterReason.UNDECODABLE,
              Objects.requireNonNullElse(value.error(), "undecodable"));
      DeadLetters.send(context, record, value.raw(), rejection, observer);
      return;
    }
    FigureEvent event = value.event();
    if (event == null) {
      // Decoded and not a v1 event, so an observation.
      Observation o = Objects.requireNonNull(value.observation());
      Optional<FigureEvent> resolved = resolve(o);
      if (resolved.isEmpty()) {
        Rejection undeclared =
            new Rejection(
                DeadLetterReason.UNDECLARED_FIGURE,
                "run "
                    + o.getRunId()
                    + " declares no figure "
                    + o.getFigure()
                    + " in the run log (waited "
                    + declarationWait.toMillis()
                    + " ms)");
        DeadLetters.send(context, record, value.raw(), undeclared, observer);
        return;
      }
      event = resolved.get();
    }
    Optional<Rejection> rejection = validator.check(record.key(), event);
    if (rejection.isPresent()) {
      DeadLetters.send(context, record, value.raw(), rejection.get(), observer);
      return;
    }
    context.forward(record.withValue(new Routed.Accepted(event, value.raw())));
  }

  private Optional<FigureEvent> resolve(Observation observation) {
    try {
      return resolver.resolve(observation);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run log", e);
    }
  }
}
