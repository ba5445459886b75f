package io.tally.topology;

import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import io.tally.serde.TallySerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The processor {@code tally-run-status}: turns each run's counts (the run rollup) into its state
 * ({@link RunStates}) and publishes the state to {@code tally.run-status} each time it changes. The
 * run log can change a state without any count changing (a completion written after the last event
 * is counted, a newer run declared), so a wall-clock punctuation re-evaluates the runs of this task
 * that can still change. The last state of each run is kept in {@value #STORE}.
 */
final class RunStatusProcessor extends ContextualProcessor<String, RunStatus, String, RunStatus> {
  static final String STORE = "tally-run-status";
  static final Duration RECHECK = Duration.ofSeconds(1);

  private KeyValueStore<String, RunStatus> states;
  private final Declarations declarations;

  private RunStatusProcessor(Declarations declarations) {
    this.declarations = declarations;
  }

  static ProcessorSupplier<String, RunStatus, String, RunStatus> supplier(
      Declarations declarations) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, RunStatus, String, RunStatus> get() {
        return new RunStatusProcessor(declarations);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), TallySerdes.runStatus()));
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, RunStatus> context) {
    super.init(context);
    states = context.getStateStore(STORE);
    context.schedule(RECHECK, PunctuationType.WALL_CLOCK_TIME, this::recheck);
  }

  @Override
  public void process(Record<String, RunStatus> record) {
    if (record.key() == null) {
      return;
    }
    update(record.key(), record.value(), record.timestamp());
  }

  private void recheck(long now) {
    List<KeyValue<String, RunStatus>> open = new ArrayList<>();
    try (KeyValueIterator<String, RunStatus> all = states.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value.getState() != RunState.SUPERSEDED) {
              open.add(kv);
            }
          });
    }
    for (KeyValue<String, RunStatus> run : open) {
      update(run.key, run.value, now);
    }
  }

  private void update(String runId, RunStatus progress, long timestamp) {
    RunStatus previous = states.get(runId);
    RunStatus next = RunStates.evaluate(runId, progress, declarations);
    if (next.equals(previous)) {
      // The once-a-second check of a run that did not change: nothing to write or publish.
      return;
    }
    states.put(runId, next);
    // A replay run again declares its run anew and announces DECLARED first: the state is then
    // published again, so the topic's latest record is this application's.
    if (previous == null
        || previous.getState() != next.getState()
        || !Objects.equals(previous.getDeclaredAt(), next.getDeclaredAt())) {
      context().forward(new Record<>(runId, next, timestamp));
    }
  }
}
