package io.tally.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.avro.MetricTotal;
import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * For random counter figures split into random positive deltas, delivered in random order with
 * random duplicates, the running total equals the figure exactly, and every counted delta lands
 * exactly once in either a daily total or the late-events topic. One driver serves all tries, each
 * try on its own metric, so the stores fill up as they would in a long-running task.
 */
class CounterPropertyTest {
  private static final long PERIOD_MS =
      Duration.between(FigureEvents.PERIOD_START, FigureEvents.PERIOD_END).toMillis();

  private Path stateDir;
  private Driver tally;
  private int figures;

  @BeforeProperty
  void start() throws IOException {
    stateDir = Files.createTempDirectory("tally-property");
    tally = new Driver(stateDir);
  }

  @AfterProperty
  void stop() throws IOException {
    tally.close();
    try (Stream<Path> paths = Files.walk(stateDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Property(tries = 100)
  void totalEqualsTheFigureExactly(
      @ForAll @LongRange(min = 1) long figure,
      @ForAll @IntRange(min = 1, max = 40) int parts,
      @ForAll @IntRange(min = 0, max = 20) int duplicates,
      @ForAll Random random) {
    Figure counter = Figure.counter("metric_" + figures++, figure, (int) Math.min(parts, figure));
    List<FigureEvent> events = split(counter, random);
    List<FigureEvent> delivery = new ArrayList<>(events);
    for (int i = 0; i < duplicates; i++) {
      delivery.add(events.get(random.nextInt(events.size())));
    }
    Collections.shuffle(delivery, random);

    delivery.forEach(tally::send);

    MetricTotal total = tally.total(counter.key());
    assertThat(total.getValue()).isEqualTo(figure);
    assertThat(total.getComplete()).isTrue();
    assertThat(total.getDuplicates()).isEqualTo(duplicates);
    assertThat(tally.deadLetters.isEmpty()).isTrue();
    long daily =
        tally.daily.readKeyValuesToMap().entrySet().stream()
            .filter(day -> day.getKey().startsWith(counter.key() + "/"))
            .mapToLong(day -> day.getValue().getValue())
            .reduce(0, Math::addExact);
    long late = tally.late.readValuesToList().stream().mapToLong(FigureEvent::getValue).sum();
    assertThat(daily + late).isEqualTo(figure);
  }

  /** Positive deltas that sum exactly to the figure, at random times in the period. */
  private static List<FigureEvent> split(Figure counter, Random random) {
    int n = counter.events();
    TreeSet<Long> cuts = new TreeSet<>();
    while (cuts.size() < n - 1) {
      cuts.add(random.nextLong(1, counter.expected()));
    }
    List<FigureEvent> events = new ArrayList<>(n);
    long previous = 0;
    int sequence = 0;
    for (long cut : cuts) {
      events.add(counter.event(sequence++, cut - previous, randomTime(random)));
      previous = cut;
    }
    events.add(counter.event(sequence, counter.expected() - previous, randomTime(random)));
    return events;
  }

  private static Instant randomTime(Random random) {
    return FigureEvents.PERIOD_START.plusMillis(random.nextLong(0, PERIOD_MS + 1));
  }
}
