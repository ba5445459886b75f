package io.tally.expand;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.FigureEvent;
import io.tally.avro.Observation;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.avro.ScenarioInfo;
import io.tally.avro.ThemeDeclaration;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import io.tally.scenario.Theme;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Expands a scenario's figures into timestamped events, deterministically: the same scenario and
 * options give the same events, ids and timestamps. Events come out in event-time order (ties by
 * figure order, then sequence), lazily, so a scenario of millions of events needs memory only per
 * figure.
 */
public final class Expander {
  private final Scenario scenario;
  private final String runId;
  private final ExpansionOptions options;
  private final List<FigurePlan> plans = new ArrayList<>();

  public Expander(Scenario scenario, ExpansionOptions options) {
    this.scenario = scenario;
    this.options = options;
    this.runId = RunIds.resolve(scenario, options);
    List<Figure> figures = scenario.figures();
    for (int i = 0; i < figures.size(); i++) {
      plans.add(
          new FigurePlan(
              scenario, figures.get(i), i, runId, options.seed(), options.eventsPerFigure()));
    }
  }

  public Scenario scenario() {
    return scenario;
  }

  public String runId() {
    return runId;
  }

  /** How many events the run has in all. */
  public long eventCount() {
    return plans.stream().mapToLong(FigurePlan::events).sum();
  }

  /** How many events a figure has in this run. */
  public int eventCount(String figureId) {
    return plans.stream()
        .filter(p -> p.figure().id().equals(figureId))
        .mapToInt(FigurePlan::events)
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no figure " + figureId));
  }

  /**
   * Every event, in event-time order, each with its figure's whole definition (the event model v1,
   * still read by the streams application).
   */
  public Iterator<FigureEvent> events() {
    return new MergedEvents<>((plan, sequence, time) -> plan.event(sequence, time));
  }

  /** Every event as the slim observation of the event model v2, in event-time order. */
  public Iterator<Observation> observations() {
    return new MergedEvents<>(FigurePlan::observation);
  }

  /**
   * A scenario's figures as a replay with the default options declares them: the one mapping from a
   * scenario file to the wire contract ({@link FigureDeclaration}), for those that list a
   * scenario's figures without replaying it.
   */
  public static List<FigureDeclaration> declare(Scenario scenario) {
    return new Expander(scenario, ExpansionOptions.defaults()).figureDeclarations();
  }

  /** The run's figures as the run log declares them, in the scenario's order. */
  public List<FigureDeclaration> figureDeclarations() {
    return plans.stream().map(FigurePlan::declaration).toList();
  }

  /** The run's declaration, written after its figures' declarations. */
  public RunDeclaration declaration(Instant declaredAt) {
    List<ThemeDeclaration> themes = new ArrayList<>();
    for (Theme theme : scenario.themes()) {
      int figures =
          (int) scenario.figures().stream().filter(f -> f.theme().equals(theme.id())).count();
      themes.add(new ThemeDeclaration(theme.id(), theme.label(), figures));
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (FigurePlan plan : plans) {
      if (plan.events() > 0) {
        first = Math.min(first, plan.eventTime(0));
        last = Math.max(last, plan.eventTime(plan.events() - 1));
      }
    }
    if (first > last) {
      first = 0;
      last = 0;
    }
    ScenarioInfo info =
        ScenarioInfo.newBuilder()
            .setId(scenario.name())
            .setTitle(scenario.title())
            .setTitleOriginal(scenario.titleOriginal() == null ? "" : scenario.titleOriginal())
            .setLanguage(scenario.language())
            .setTimeZone(scenario.timeZone().getId())
            .setSource(scenario.source())
            .setContentHash(scenario.contentHash() == null ? "" : scenario.contentHash())
            .build();
    return RunDeclaration.newBuilder()
        .setRunId(runId)
        .setScenario(info)
        .setSeed(options.seed())
        .setEventsPerFigure(options.eventsPerFigure())
        .setFigures(plans.size())
        .setThemes(themes)
        .setEvents(eventCount())
        .setFirstEventTime(Instant.ofEpochMilli(first))
        .setLastEventTime(Instant.ofEpochMilli(last))
        .setDeclaredAt(declaredAt)
        .build();
  }

  /**
   * The run's completion.
   *
   * @param eventsSent observations acknowledged per figure, by index
   */
  public RunCompletion completion(int[] eventsSent, long lastEventTime, Instant completedAt) {
    List<Integer> sent = new ArrayList<>(eventsSent.length);
    long total = 0;
    for (int n : eventsSent) {
      sent.add(n);
      total += n;
    }
    return RunCompletion.newBuilder()
        .setRunId(runId)
        .setScenario(scenario.name())
        .setEventsSent(sent)
        .setEvents(total)
        .setLastEventTime(Instant.ofEpochMilli(lastEventTime))
        .setCompletedAt(completedAt)
        .build();
  }

  /** How many figures the run has. */
  public int figureCount() {
    return plans.size();
  }

  /** Every event in a list: for tests and small scenarios. */
  public List<FigureEvent> eventList() {
    List<FigureEvent> all = new ArrayList<>();
    events().forEachRemaining(all::add);
    return all;
  }

  /**
   * A k-way merge of the figures' event streams by (event time, figure index, sequence). Each
   * figure has one head at a time, so the heap orders figures by (time of their next event, index):
   * an array-backed binary heap of figure indexes, which allocates nothing per event.
   */
  /** Makes the event of a figure's plan with the given sequence and event time. */
  @FunctionalInterface
  private interface EventMaker<T> {
    T make(FigurePlan plan, int sequence, long eventTime);
  }

  private final class MergedEvents<T> implements Iterator<T> {
    private final EventMaker<T> maker;
    private final FigurePlan[] figures = plans.toArray(new FigurePlan[0]);
    private final int[] heap = new int[figures.length];
    private final long[] nextTime = new long[figures.length];
    private final int[] nextSequence = new int[figures.length];
    private int size;

    MergedEvents(EventMaker<T> maker) {
      this.maker = maker;
      for (int f = 0; f < figures.length; f++) {
        if (figures[f].events() > 0) {
          nextTime[f] = figures[f].eventTime(0);
          heap[size++] = f;
        }
      }
      for (int i = size / 2 - 1; i >= 0; i--) {
        siftDown(i);
      }
    }

    @Override
    public boolean hasNext() {
      return size > 0;
    }

    @Override
    public T next() {
      if (size == 0) {
        throw new NoSuchElementException();
      }
      int f = heap[0];
      FigurePlan plan = figures[f];
      int sequence = nextSequence[f];
      long time = nextTime[f];
      if (sequence + 1 < plan.events()) {
        nextSequence[f] = sequence + 1;
        nextTime[f] = plan.eventTime(sequence + 1);
      } else {
        heap[0] = heap[--size];
      }
      if (size > 0) {
        siftDown(0);
      }
      return maker.make(plan, sequence, time);
    }

    private boolean before(int a, int b) {
      return nextTime[a] < nextTime[b] || (nextTime[a] == nextTime[b] && a < b);
    }

    private void siftDown(int i) {
      int f = heap[i];
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(heap[child + 1], heap[child])) {
          child++;
        }
        if (!before(heap[child], f)) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = f;
    }
  }
}
