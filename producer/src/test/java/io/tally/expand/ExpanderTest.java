package io.tally.expand;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureEvent;
import io.tally.scenario.Figure;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import io.tally.scenario.SyntheticScenario;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
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

  /**
   * Event ids, times and values are part of the contract: a replay interrupted under one version
   * and run again under another must produce the same events, or nothing is de-duplicated. These
   * digests were taken before the expansion was optimised for throughput.
   */
  @Test
  void expansionIsByteForByteStable() throws Exception {
    assertThat(digest(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults()))
        .isEqualTo("710 5e1f4d9409fa3bdd29870880bfcf385cdd0b761e836f2901d7d31972d83c853b");
    assertThat(digest(SyntheticScenario.of(300, 40).load(), new ExpansionOptions(7, 40, null)))
        .isEqualTo("12000 fc606436b8b035ab8ce629dea5c74434fe5d40763bcdc851ea0756407fe5b51a");
  }

  private static String digest(Scenario scenario, ExpansionOptions options) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SingleObjectSerde<FigureEvent> serde = TallySerdes.figureEvent();
    long n = 0;
    for (Iterator<FigureEvent> it = new Expander(scenario, options).events(); it.hasNext(); n++) {
      sha.update(serde.serialize("t", it.next()));
    }
    return n + " " + HexFormat.of().formatHex(sha.digest());
  }

  @Test
  void multiplyDivideIsExactBeyond64Bits() {
    long big = Long.MAX_VALUE / 3;
    assertThat(FigurePlan.multiplyDivide(big, 1L << 20, 1L << 21)).isEqualTo(big / 2);
    assertThat(FigurePlan.multiplyDivide(7, 9, 4)).isEqualTo(15);
    assertThat(FigurePlan.multiplyDivide(0, Long.MAX_VALUE, 5)).isZero();
  }

  @Test
  void eventIdsAreNameBasedUuidsOfScenarioRunFigureAndSequence() throws Exception {
    Expander expander =
        new Expander(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults());
    for (FigureEvent e : expander.eventList()) {
      assertThat(e.getEventId())
          .isEqualTo(
              FigurePlan.eventId(e.getScenario(), e.getRunId(), e.getFigureId(), e.getSequence()));
    }
  }

  @Test
  void eventIdsDependOnRun() {
    assertThat(FigurePlan.eventId("s", "r1", "f", 0))
        .isNotEqualTo(FigurePlan.eventId("s", "r2", "f", 0));
    assertThat(FigurePlan.eventId("s", "r1", "f", 0))
        .isEqualTo(FigurePlan.eventId("s", "r1", "f", 0));
  }
}
