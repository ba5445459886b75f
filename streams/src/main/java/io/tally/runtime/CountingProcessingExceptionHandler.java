package io.tally.runtime;

import io.tally.topology.DeadLetterFit;
import io.tally.topology.DeadLetterReason;
import io.tally.topology.TallyObserver;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' log-and-continue processing handler (which, with {@code
 * errors.dead.letter.queue.topic.name} set, writes the source record's original bytes to the
 * dead-letter topic), plus Tally's {@code tally.dlq.*} headers with reason {@code processing-error}
 * and a call to the {@link TallyObserver} found under {@link TallyStreamsConfig#OBSERVER_CONFIG}.
 *
 * <p>Expected input never reaches it (validation and overflow are routed inside the topology): an
 * exception here is a bug, logged with its stack trace by the parent class, and the record is kept
 * in the dead-letter topic rather than lost or crashing the application.
 */
public class CountingProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {
  private TallyObserver observer = TallyObserver.NOOP;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    observer = TallyStreamsConfig.observerFrom(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    return Response.resume(
        DeadLetterFit.fromStreamsHandler(
            response.deadLetterQueueRecords(),
            DeadLetterReason.PROCESSING_ERROR,
            exception,
            context,
            observer));
  }
}
