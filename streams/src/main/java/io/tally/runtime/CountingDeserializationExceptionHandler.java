package io.tally.runtime;

import io.tally.topology.DeadLetterFit;
import io.tally.topology.DeadLetterReason;
import io.tally.topology.TallyObserver;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams' log-and-continue deserialization handler (which, with {@code
 * errors.dead.letter.queue.topic.name} set, writes the record to the dead-letter topic), plus
 * Tally's {@code tally.dlq.*} headers and a call to the {@link TallyObserver} found under {@link
 * TallyStreamsConfig#OBSERVER_CONFIG}.
 *
 * <p>A safety net: the topology reads event values with a deserializer that never throws (an
 * undecodable value is dead-lettered by the validation processor), so this handler only sees
 * failures Tally does not expect, e.g. a key serde changed by configuration.
 */
public class CountingDeserializationExceptionHandler extends LogAndContinueExceptionHandler {
  private TallyObserver observer = TallyObserver.NOOP;

  @Override
  public void configure(Map<String, ?> configs) {
    super.configure(configs);
    observer = TallyStreamsConfig.observerFrom(configs);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Response response = super.handleError(context, record, exception);
    return Response.resume(
        DeadLetterFit.fromStreamsHandler(
            response.deadLetterQueueRecords(),
            DeadLetterReason.UNDECODABLE,
            exception,
            context,
            observer));
  }
}
