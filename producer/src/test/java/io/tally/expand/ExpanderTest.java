package io.tally.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExpanderTest {
  @Test
  void bundledScenarioReproducesEveryFigure() throws Exception {
    Scenario scenario = ScenarioLoader.load("double11-2022");
    Expander expander = new Expander(scenario, ExpansionOptions.defaults());
    List<FigureEvent> events = expander.eventList();
    assertThat(events).hasSize((int) expander.eventCount());

    Map<String, List<FigureEvent>> byFigure =
        events.stream().collect(Collectors.groupingBy(FigureEvent::getFigureId));
    for (Figure f : scenario.figures()) {
      List<FigureEvent> mine = byFigure.get(f.id());
      assertThat(mine).as(f.id()).isNotEmpty();
      FigureEvent last = mine.get(mine.size() - 1);
      long value =
          f.kind() == io.tally.scenario.Kind.COUNTER
              ? mine.stream().mapToLong(FigureEvent::getValue).sum()
              : last.getValue();
      assertThat(value).as(f.id()).isEqualTo(f.unscaledValue());
      assertThat(last.getProvenance().getSentence()).isEqualTo(f.sentence());
    }
  }

  @Test
  void eventsComeInEventTimeOrder() throws Exception {
    List<FigureEvent> events =
        new Expander(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults()).eventList();
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).getEventTime()).isAfterOrEqualTo(events.get(i - 1).getEventTime());
    }
  }

  @Test
  void runIdFollowsSeedAndCanBeSet() throws Exception {
    Scenario scenario = ScenarioLoader.load("double11-2022");
    String a = new Expander(scenario, new ExpansionOptions(1, 24, null)).runId();
    String b = new Expander(scenario, new ExpansionOptions(2, 24, null)).runId();
    assertThat(a).startsWith("double11-2022-").isNotEqualTo(b);
    assertThat(new Expander(scenario, new ExpansionOptions(1, 24, null)).runId()).isEqualTo(a);
    assertThat(new Expander(scenario, new ExpansionOptions(1, 24, "mine")).runId())
        .isEqualTo("mine");
  }

  @Test
  void eventIdsDependOnRun() {
    assertThat(FigurePlan.eventId("s", "r1", "f", 0))
        .isNotEqualTo(FigurePlan.eventId("s", "r2", "f", 0));
    assertThat(FigurePlan.eventId("s", "r1", "f", 0))
        .isEqualTo(FigurePlan.eventId("s", "r1", "f", 0));
  }
}
