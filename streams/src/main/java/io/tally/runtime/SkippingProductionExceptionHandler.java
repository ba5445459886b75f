package io.tally.runtime;

import io.tally.topology.DeadLetterReason;
import io.tally.topology.TallyObserver;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * The last line behind {@link DeadLetterFit} and the scenario limits: a record the producer refuses
 * as too large is skipped, counted as {@code unwritable} and logged at ERROR with the topic,
 * partition and offset of the input record it came from, rather than failing the stream thread on
 * it again and again. Anything else is Kafka Streams' default (retry what is retriable, fail).
 */
public class SkippingProductionExceptionHandler extends DefaultProductionExceptionHandler {
  private TallyObserver observer = TallyObserver.NOOP;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    observer = TallyStreamsConfig.observerFrom(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RecordTooLargeException) {
      org.slf4j.LoggerFactory.getLogger(SkippingProductionExceptionHandler.class)
          .error(
              "a record for {} from input {}-{}@{} is too large to write ({}); skipped",
              record.topic(),
              context.topic(),
              context.partition(),
              context.offset(),
              exception.getMessage());
      observer.deadLetter(DeadLetterReason.UNWRITABLE.code());
      return Response.resume();
    }
    return super.handleError(context, record, exception);
  }
}
