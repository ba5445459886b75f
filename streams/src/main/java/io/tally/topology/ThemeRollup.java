package io.tally.topology;

import io.tally.avro.ThemeTotal;
import io.tally.serde.TallySerdes;
import io.tally.topics.Keys;
import org.apache.kafka.common.serialization.Serde;

/**
 * The theme rollup ({@code tally-theme-sums}): figures seen and complete, events counted and
 * declared, over the metrics of a theme. Sums of counts, so a metric's previous total is removed
 * and its new one added, and each task's change adds up exactly across tasks. The run is the one of
 * the latest change; the share complete is computed from the sums, the declared figures are filled
 * in downstream ({@link ThemeDeclared}).
 */
final class ThemeRollup implements Rollup<ThemeTotal> {
  static final ThemeRollup INSTANCE = new ThemeRollup();

  private ThemeRollup() {}

  @Override
  public String key(Contribution c) {
    return Keys.theme(c.scenario(), c.theme());
  }

  @Override
  public ThemeTotal empty() {
    return ThemeTotal.newBuilder()
        .setScenario("")
        .setTheme("")
        .setRunId("")
        .setFiguresSeen(0)
        .setFiguresComplete(0)
        .setEvents(0)
        .setEventsExpected(0)
        .setShareComplete(0)
        .build();
  }

  @Override
  public void add(ThemeTotal partial, Contribution c, int sign) {
    partial.setScenario(c.scenario());
    partial.setTheme(c.theme());
    if (sign > 0) {
      partial.setRunId(c.runId());
    }
    partial.setFiguresSeen(partial.getFiguresSeen() + sign);
    partial.setFiguresComplete(partial.getFiguresComplete() + (c.complete() ? sign : 0));
    partial.setEvents(partial.getEvents() + sign * (long) c.eventsCounted());
    partial.setEventsExpected(partial.getEventsExpected() + sign * (long) c.eventsInFigure());
  }

  @Override
  public boolean isEmpty(ThemeTotal partial) {
    return partial.getFiguresSeen() == 0
        && partial.getFiguresComplete() == 0
        && partial.getEvents() == 0
        && partial.getEventsExpected() == 0;
  }

  @Override
  public ThemeTotal copy(ThemeTotal partial) {
    return ThemeTotal.newBuilder(partial).build();
  }

  @Override
  public ThemeTotal change(ThemeTotal current, ThemeTotal published) {
    return ThemeTotal.newBuilder(current)
        .setFiguresSeen(current.getFiguresSeen() - published.getFiguresSeen())
        .setFiguresComplete(current.getFiguresComplete() - published.getFiguresComplete())
        .setEvents(current.getEvents() - published.getEvents())
        .setEventsExpected(current.getEventsExpected() - published.getEventsExpected())
        .setShareComplete(0)
        .build();
  }

  @Override
  public ThemeTotal plus(String key, ThemeTotal change, ThemeTotal total) {
    int seen = total.getFiguresSeen() + change.getFiguresSeen();
    int complete = total.getFiguresComplete() + change.getFiguresComplete();
    return ThemeTotal.newBuilder(total)
        .setScenario(change.getScenario())
        .setTheme(change.getTheme())
        .setRunId(change.getRunId().isEmpty() ? total.getRunId() : change.getRunId())
        .setFiguresSeen(seen)
        .setFiguresComplete(complete)
        .setEvents(total.getEvents() + change.getEvents())
        .setEventsExpected(total.getEventsExpected() + change.getEventsExpected())
        .setShareComplete(seen == 0 ? 0 : (double) complete / seen)
        .build();
  }

  @Override
  public Serde<ThemeTotal> serde() {
    return TallySerdes.themeTotal();
  }
}
