package io.tally.topology;

import io.tally.serde.RunLog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run log ({@code tally.runs}) as the global store {@value #STORE}: every instance holds every
 * run's declaration, figures and completion, decoded, so any task can resolve an observation and
 * any instance can answer for any run. In memory: Kafka Streams restores a global store from its
 * topic at start-up, and the run log is small (a record per figure and run).
 */
final class RunLogStore {
  /** Queryable: {@code KeyValueStore<String, SpecificRecord>} keyed as {@link RunLog} says. */
  static final String STORE = "tally-runs";

  private static final Logger log = LoggerFactory.getLogger(RunLogStore.class);

  private RunLogStore() {}

  static void addTo(
      StreamsBuilder builder, String topic, RunLogIndex index, TallyObserver observer) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), RunLog.serde())
            .withLoggingDisabled(),
        topic,
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("tally-runs-source"),
        () -> new Loader(index, observer));
  }

  /**
   * Decodes each record of the run log into the store and the index; a record it cannot read is
   * skipped.
   */
  private static final class Loader implements Processor<String, byte[], Void, Void> {
    private final RunLogIndex index;
    private final TallyObserver observer;
    private KeyValueStore<String, SpecificRecord> store;
    private String topic = "tally.runs";

    Loader(RunLogIndex index, TallyObserver observer) {
      this.index = index;
      this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
      context.recordMetadata().ifPresent(m -> topic = m.topic());
    }

    @Override
    public void process(Record<String, byte[]> record) {
      if (record.key() == null) {
        log.warn("a record without key on the run log is ignored");
        observer.runLogRecordIgnored("no-key");
        return;
      }
      if (record.value() == null) {
        store.delete(record.key());
        index.delete(record.key());
        return;
      }
      try {
        SpecificRecord decoded = RunLog.decode(topic, record.value());
        store.put(record.key(), decoded);
        index.put(record.key(), decoded);
      } catch (SerializationException e) {
        log.warn("run log record {} is ignored: {}", record.key(), e.getMessage());
        observer.runLogRecordIgnored("undecodable");
      }
    }
  }
}
