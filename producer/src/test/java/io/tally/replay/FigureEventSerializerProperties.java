package io.tally.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.ScenarioException;
import io.tally.scenario.SyntheticScenario;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Whatever the scenario, run and order of events, the replay's serializer writes the very bytes of
 * the published serde, so consumers cannot tell which one wrote an event.
 */
class FigureEventSerializerProperties {
  private final SingleObjectSerde<FigureEvent> serde = TallySerdes.figureEvent();

  @Property(tries = 60)
  void writesTheSerdesBytesInAnyOrder(
      @ForAll @IntRange(min = 1, max = 80) int figures,
      @ForAll @IntRange(min = 1, max = 12) int eventsPerFigure,
      @ForAll long seed,
      @ForAll @AlphaChars @Chars({'-', '数', '据', 'é'}) @StringLength(min = 1, max = 24)
          String runId)
      throws ScenarioException {
    List<FigureEvent> events =
        new ArrayList<>(
            new Expander(
                    SyntheticScenario.of(figures, eventsPerFigure).load(),
                    new ExpansionOptions(seed, eventsPerFigure, runId))
                .eventList());
    Collections.shuffle(events, new Random(seed));
    FigureEventSerializer serializer = new FigureEventSerializer();

    for (FigureEvent e : events) {
      assertThat(serializer.serialize("t", e))
          .as(e.getEventId())
          .isEqualTo(serde.serialize("t", e));
    }
  }
}
