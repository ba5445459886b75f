package io.tally.expand;

import io.tally.avro.FigureEvent;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

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

  /** A k-way merge of the figures' event streams by (event time, figure index, sequence). */
  private final class MergedEvents implements Iterator<FigureEvent> {
    private final PriorityQueue<long[]> heads =
        new PriorityQueue<>(
            Comparator.<long[]>comparingLong(h -> h[0])
                .thenComparingLong(h -> h[1])
                .thenComparingLong(h -> h[2]));

    MergedEvents() {
      for (int f = 0; f < plans.size(); f++) {
        FigurePlan plan = plans.get(f);
        if (plan.events() > 0) {
          heads.add(new long[] {plan.eventTime(0), f, 0});
        }
      }
    }

    @Override
    public boolean hasNext() {
      return !heads.isEmpty();
    }

    @Override
    public FigureEvent next() {
      long[] head = heads.poll();
      if (head == null) {
        throw new NoSuchElementException();
      }
      FigurePlan plan = plans.get((int) head[1]);
      int sequence = (int) head[2];
      if (sequence + 1 < plan.events()) {
        heads.add(new long[] {plan.eventTime(sequence + 1), head[1], sequence + 1});
      }
      return plan.event(sequence);
    }
  }
}
