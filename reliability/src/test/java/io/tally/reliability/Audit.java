package io.tally.reliability;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Observation;
import io.tally.avro.ThemeTotal;
import io.tally.reliability.Expected.FigureRun;
import io.tally.reliability.Records.Keyed;
import io.tally.serde.EventIds;
import io.tally.topics.Keys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link Snapshot} against what the run must produce, the way Kafka's {@code
 * streams_eos_test} driver recomputes every aggregate from the input: from the event log it knows
 * how many records of each figure were sent and how many were distinct events, so it knows the
 * exact committed output an exactly-once application must show.
 *
 * <ul>
 *   <li><b>Final totals</b> (latest per key of {@code tally.metric-totals}): every figure's value
 *       is the stated figure, all its events counted, {@code complete}, and its {@code duplicates}
 *       equal to the records sent again (log records minus distinct events).
 *   <li><b>History</b>: the streams app publishes a figure's total once per commit that changed it
 *       (folded: all the events of the commit in one update), so a figure has at least one and at
 *       most as many committed updates as log records, the first counts at least one event, and
 *       each next one moves forward: more events counted or more duplicates, never fewer, and never
 *       the same update twice (a counter's value grows exactly when it counts events, its deltas
 *       being positive; marking duplicates changes nothing else). A crash that leaked an aborted
 *       update or re-emitted a committed one breaks this.
 *   <li><b>Derived topics</b>: each theme rollup and the sum of each figure's daily totals agree
 *       with the figures; nothing was dead-lettered or late.
 * </ul>
 *
 * <p>{@link #lost()} counts events missing from the final totals (and figures whose value is below
 * the stated one); {@link #duplicated()} counts events counted twice (more events counted than the
 * figure has, records sent again but not recognised as duplicates, values above the stated one).
 */
record Audit(long sent, long lost, long duplicated, List<String> problems) {

  boolean ok() {
    return problems.isEmpty() && lost == 0 && duplicated == 0;
  }

  static Audit of(Expected expected, Snapshot snapshot) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> records = new HashMap<>();
    Map<String, Set<String>> distinct = new HashMap<>();
    Set<String> logIds = new HashSet<>();
    for (Keyed<Observation> e : snapshot.events()) {
      String id = EventIds.text(e.value().getEventId());
      records.merge(e.key(), 1, Integer::sum);
      distinct.computeIfAbsent(e.key(), k -> new HashSet<>()).add(id);
      logIds.add(id);
      if (!e.value().getRunId().equals(expected.runId())) {
        problems.add("event log holds an event of run " + e.value().getRunId());
      }
    }
    Set<String> missing = new HashSet<>(expected.eventIds());
    missing.removeAll(logIds);
    if (!missing.isEmpty()) {
      problems.add(missing.size() + " events of the run are not in the event log");
    }

    long lost = 0;
    long duplicated = 0;
    Map<String, MetricTotal> latest = snapshot.latestMetricTotals();
    for (FigureRun f : expected.figures().values()) {
      MetricTotal t = latest.get(f.key());
      int sent = records.getOrDefault(f.key(), 0);
      int resent = sent - distinct.getOrDefault(f.key(), Set.of()).size();
      if (t == null) {
        lost += f.events();
        problems.add(f.key() + ": no total");
        continue;
      }
      lost += Math.max(0, f.events() - t.getEventsCounted());
      duplicated += Math.max(0, t.getEventsCounted() - f.events());
      duplicated += Math.max(0, resent - t.getDuplicates());
      if (t.getEventsCounted() == f.events() && t.getValue() < f.value()) {
        lost++;
      } else if (t.getEventsCounted() == f.events() && t.getValue() > f.value()) {
        duplicated++;
      }
      if (t.getValue() != f.value()
          || t.getEventsCounted() != f.events()
          || t.getEventsInFigure() != f.events()
          || !t.getComplete()
          || t.getDuplicates() != resent
          || !t.getRunId().equals(expected.runId())) {
        problems.add(
            String.format(
                "%s: value %d of %d, %d of %d events counted, complete %s, %d duplicates for %d"
                    + " records sent again, run %s",
                f.key(),
                t.getValue(),
                f.value(),
                t.getEventsCounted(),
                f.events(),
                t.getComplete(),
                t.getDuplicates(),
                resent,
                t.getRunId()));
      }
    }
    checkHistories(expected, snapshot, records, problems);
    checkThemes(expected, snapshot.latestThemeTotals(), problems);
    checkDays(expected, snapshot.latestDailyTotals(), problems);
    if (snapshot.deadLetters() > 0) {
      problems.add(snapshot.deadLetters() + " dead letters");
    }
    if (snapshot.lateEvents() > 0) {
      problems.add(snapshot.lateEvents() + " late events");
    }
    return new Audit(snapshot.events().size(), lost, duplicated, List.copyOf(problems));
  }

  private static void checkHistories(
      Expected expected, Snapshot snapshot, Map<String, Integer> records, List<String> problems) {
    Map<String, List<MetricTotal>> histories = new HashMap<>();
    for (Keyed<MetricTotal> r : snapshot.metricTotals()) {
      if (r.value() == null) {
        problems.add(r.key() + ": a tombstone at offset " + r.offset() + " (no run was replaced)");
      } else {
        histories.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
      }
    }
    for (Map.Entry<String, List<MetricTotal>> h : histories.entrySet()) {
      String key = h.getKey();
      List<MetricTotal> updates = h.getValue();
      int sent = records.getOrDefault(key, 0);
      if (updates.size() > sent) {
        problems.add(
            key + ": " + updates.size() + " committed updates for " + sent + " input records");
      }
      MetricTotal first = updates.get(0);
      if (first.getEventsCounted() < 1) {
        problems.add(key + ": first committed update is " + first);
      }
      for (int i = 1; i < updates.size(); i++) {
        String step = step(updates.get(i - 1), updates.get(i));
        if (step != null) {
          problems.add(key + ": update " + i + " " + step);
        }
      }
    }
    if (!expected.figures().keySet().containsAll(histories.keySet())) {
      problems.add("totals of unknown figures: " + histories.keySet());
    }
  }

  /** Why {@code next} cannot follow {@code previous} in one run's history, or null if it can. */
  private static String step(MetricTotal previous, MetricTotal next) {
    int counted = next.getEventsCounted() - previous.getEventsCounted();
    long duplicates = next.getDuplicates() - previous.getDuplicates();
    if (!next.getRunId().equals(previous.getRunId())) {
      return "switches run from " + previous.getRunId() + " to " + next.getRunId();
    }
    if (counted < 0 || duplicates < 0 || counted + duplicates == 0) {
      return "changes events counted by "
          + counted
          + " and duplicates by "
          + duplicates
          + " (each committed update must move forward, and only forward): "
          + previous
          + " -> "
          + next;
    }
    if (counted > 0) {
      boolean counter = next.getKind() == FigureKind.COUNTER;
      return counter && next.getValue() <= previous.getValue()
          ? "counts events but the counter went from "
              + previous.getValue()
              + " to "
              + next.getValue()
          : null;
    }
    MetricTotal expected =
        MetricTotal.newBuilder(previous).setDuplicates(next.getDuplicates()).build();
    return expected.equals(next) ? null : "marks duplicates but changes more: " + next;
  }

  private static void checkThemes(
      Expected expected, Map<String, ThemeTotal> themes, List<String> problems) {
    expected
        .byTheme()
        .forEach(
            (theme, figures) -> {
              ThemeTotal t = themes.get(Keys.theme(Expected.SCENARIO, theme));
              long events = figures.stream().mapToLong(FigureRun::events).sum();
              if (t == null
                  || t.getFiguresSeen() != figures.size()
                  || t.getFiguresComplete() != figures.size()
                  || t.getEvents() != events
                  || t.getEventsExpected() != events) {
                problems.add(
                    "theme "
                        + theme
                        + ": expected "
                        + figures.size()
                        + " figures complete and "
                        + events
                        + " events, got "
                        + t);
              }
            });
  }

  private static void checkDays(
      Expected expected, Map<String, MetricDailyTotal> days, List<String> problems) {
    Map<String, long[]> sums = new HashMap<>();
    days.forEach(
        (key, day) -> {
          String metricKey = key.substring(0, key.lastIndexOf('/'));
          long[] sum = sums.computeIfAbsent(metricKey, k -> new long[2]);
          sum[0] += day.getValue();
          sum[1] += day.getEvents();
        });
    for (FigureRun f : expected.figures().values()) {
      long[] sum = sums.getOrDefault(f.key(), new long[2]);
      if (sum[1] != f.events() || (f.counter() && sum[0] != f.value())) {
        problems.add(
            String.format(
                "%s: daily totals sum to %d over %d events, expected %s%d events",
                f.key(), sum[0], sum[1], f.counter() ? f.value() + " over " : "", f.events()));
      }
    }
  }
}
