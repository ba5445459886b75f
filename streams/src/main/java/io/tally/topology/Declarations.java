package io.tally.topology;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.serde.RunLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What the run log says: runs, their figures and completions, read from the global store {@code
 * tally-runs} (every instance holds all of it). Used by the topology's processors and by the
 * queries and metrics of a running application.
 */
public final class Declarations {
  /** The name of the global store of the run log. */
  public static final String STORE = RunLogStore.STORE;

  private final ReadOnlyKeyValueStore<String, SpecificRecord> store;

  public Declarations(ReadOnlyKeyValueStore<String, SpecificRecord> store) {
    this.store = store;
  }

  /** The run's declaration, once the run log has it. */
  public Optional<RunDeclaration> run(String runId) {
    return store.get(RunLog.declarationKey(runId)) instanceof RunDeclaration d
        ? Optional.of(d)
        : Optional.empty();
  }

  /** The figure with that index in the run's declaration. */
  public Optional<FigureDeclaration> figure(String runId, int index) {
    return store.get(RunLog.figureKey(runId, index)) instanceof FigureDeclaration f
        ? Optional.of(f)
        : Optional.empty();
  }

  /** Every figure the run declares, by index. */
  public List<FigureDeclaration> figures(String runId) {
    List<FigureDeclaration> figures = new ArrayList<>();
    try (KeyValueIterator<String, SpecificRecord> scan =
        store.prefixScan(RunLog.figurePrefix(runId), new StringSerializer())) {
      scan.forEachRemaining(
          kv -> {
            if (kv.value instanceof FigureDeclaration f && f.getRunId().equals(runId)) {
              figures.add(f);
            }
          });
    }
    figures.sort(Comparator.comparingInt(FigureDeclaration::getIndex));
    return figures;
  }

  /** The run's completion, once the replay has written it. */
  public Optional<RunCompletion> completion(String runId) {
    return store.get(RunLog.completionKey(runId)) instanceof RunCompletion c
        ? Optional.of(c)
        : Optional.empty();
  }

  /** Every declared run, oldest declaration first. */
  public List<RunDeclaration> runs() {
    List<RunDeclaration> runs = new ArrayList<>();
    try (KeyValueIterator<String, SpecificRecord> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, SpecificRecord> next = all.next();
        if (next.value instanceof RunDeclaration d) {
          runs.add(d);
        }
      }
    }
    runs.sort(
        Comparator.comparing(RunDeclaration::getDeclaredAt)
            .thenComparing(RunDeclaration::getRunId));
    return runs;
  }

  /**
   * The newest run of the same scenario declared after this one, if any: the newest declaration of
   * a scenario supersedes its other runs (the newest run to touch a figure owns its totals).
   */
  public Optional<RunDeclaration> supersededBy(RunDeclaration run) {
    RunDeclaration newest = null;
    for (RunDeclaration other : runs()) {
      if (!other.getRunId().equals(run.getRunId())
          && other.getScenario().getId().equals(run.getScenario().getId())
          && other.getDeclaredAt().isAfter(run.getDeclaredAt())) {
        newest = other;
      }
    }
    return Optional.ofNullable(newest);
  }

  /** The newest declared run of each scenario, oldest scenario first. */
  public List<RunDeclaration> currentRuns() {
    List<RunDeclaration> current = new ArrayList<>();
    for (RunDeclaration run : runs()) {
      current.removeIf(r -> r.getScenario().getId().equals(run.getScenario().getId()));
      current.add(run);
    }
    return current;
  }
}
