package io.tally.topology;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.serde.RunLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.jspecify.annotations.Nullable;

/**
 * The run log as decoded objects, indexed by run and figure: what {@link Declarations} reads. The
 * loader of the global store {@code tally-runs} keeps it, record by record, at start-up (Kafka
 * Streams restores a global store through its processor) and after. Reading the store itself
 * decodes each record it touches, which cost a scrape of 10,000 figures half a second and a
 * resolved observation a decode of its figure; here a run's figures are decoded once.
 *
 * <p>Thread-safe: written by the global stream thread, read by stream threads and HTTP requests.
 * The lists it returns are immutable snapshots, rebuilt only after the run log changes.
 */
public final class RunLogIndex {
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  // Bumped after every change to a declaration; a list is reused only while it is current (a
  // reader that built it from older records can never make it look current).
  private final AtomicLong declarationsVersion = new AtomicLong();
  private volatile Snapshot<List<RunDeclaration>> declared = new Snapshot<>(-1, List.of());

  private record Snapshot<T>(long version, T value) {}

  /** One run's records. */
  private static final class Run {
    volatile @Nullable RunDeclaration declaration;
    volatile @Nullable RunCompletion completion;
    final Map<Integer, FigureDeclaration> figures = new ConcurrentHashMap<>();
    final AtomicLong figuresVersion = new AtomicLong();
    volatile Snapshot<List<FigureDeclaration>> sortedFigures = new Snapshot<>(-1, List.of());
  }

  /** Records a run-log record read from {@code key}; records of unknown types are ignored. */
  void put(String key, SpecificRecord record) {
    String runId = RunLog.runOf(key);
    if (record instanceof RunDeclaration d) {
      run(runId).declaration = d;
      declarationsVersion.incrementAndGet();
    } else if (record instanceof FigureDeclaration f) {
      if (!f.getRunId().equals(runId)) {
        return;
      }
      Run run = run(runId);
      run.figures.put(f.getIndex(), f);
      run.figuresVersion.incrementAndGet();
    } else if (record instanceof RunCompletion c) {
      run(runId).completion = c;
    }
  }

  /** Forgets the record at {@code key} (a tombstone on the run log). */
  void delete(String key) {
    String runId = RunLog.runOf(key);
    Run run = runs.get(runId);
    if (run == null) {
      return;
    }
    if (key.equals(RunLog.declarationKey(runId))) {
      run.declaration = null;
      declarationsVersion.incrementAndGet();
    } else if (key.equals(RunLog.completionKey(runId))) {
      run.completion = null;
    } else if (key.startsWith(RunLog.figurePrefix(runId))) {
      run.figures.values().removeIf(f -> RunLog.figureKey(runId, f.getIndex()).equals(key));
      run.figuresVersion.incrementAndGet();
    }
  }

  private Run run(String runId) {
    return runs.computeIfAbsent(runId, id -> new Run());
  }

  Optional<RunDeclaration> declaration(String runId) {
    Run run = runs.get(runId);
    return run == null ? Optional.empty() : Optional.ofNullable(run.declaration);
  }

  Optional<FigureDeclaration> figure(String runId, int index) {
    Run run = runs.get(runId);
    return run == null ? Optional.empty() : Optional.ofNullable(run.figures.get(index));
  }

  List<FigureDeclaration> figures(String runId) {
    Run run = runs.get(runId);
    if (run == null) {
      return List.of();
    }
    long version = run.figuresVersion.get();
    Snapshot<List<FigureDeclaration>> sorted = run.sortedFigures;
    if (sorted.version() != version) {
      List<FigureDeclaration> figures = new ArrayList<>(run.figures.values());
      figures.sort(Comparator.comparingInt(FigureDeclaration::getIndex));
      sorted = new Snapshot<>(version, List.copyOf(figures));
      run.sortedFigures = sorted;
    }
    return sorted.value();
  }

  Optional<RunCompletion> completion(String runId) {
    Run run = runs.get(runId);
    return run == null ? Optional.empty() : Optional.ofNullable(run.completion);
  }

  /** Every declared run, oldest declaration first. */
  List<RunDeclaration> runs() {
    long version = declarationsVersion.get();
    Snapshot<List<RunDeclaration>> all = declared;
    if (all.version() != version) {
      List<RunDeclaration> list = new ArrayList<>();
      for (Run run : runs.values()) {
        RunDeclaration d = run.declaration;
        if (d != null) {
          list.add(d);
        }
      }
      list.sort(
          Comparator.comparing(RunDeclaration::getDeclaredAt)
              .thenComparing(RunDeclaration::getRunId));
      all = new Snapshot<>(version, List.copyOf(list));
      declared = all;
    }
    return all.value();
  }
}
