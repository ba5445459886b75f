package io.tally.expand;

import io.tally.avro.FigureEvent;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
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
  private final List<FigurePlan> plans = new ArrayList<>();

  public Expander(Scenario scenario, ExpansionOptions options) {
    this.scenario = scenario;
    this.runId = RunIds.resolve(scenario, options);
    for (Figure figure : scenario.figures()) {
      plans.add(new FigurePlan(scenario, figure, runId, options.seed(), options.eventsPerFigure()));
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

  /** Every event, in event-time order. */
  public Iterator<FigureEvent> events() {
    return new MergedEvents();
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
  private final class MergedEvents implements Iterator<FigureEvent> {
    private final FigurePlan[] figures = plans.toArray(new FigurePlan[0]);
    private final int[] heap = new int[figures.length];
    private final long[] nextTime = new long[figures.length];
    private final int[] nextSequence = new int[figures.length];
    private int size;

    MergedEvents() {
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
    public FigureEvent next() {
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
      return plan.event(sequence, time);
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
