package io.tally.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.avro.FigureEvent;
import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.scenario.ScenarioLoader;
import io.tally.scenario.SyntheticScenario;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The replay's serializer writes exactly what the published serde writes, for every event. */
class FigureEventSerializerTest {
  private final SingleObjectSerde<FigureEvent> serde = TallySerdes.figureEvent();
  private final FigureEventSerializer serializer = new FigureEventSerializer();

  @Test
  void knowsTheCurrentSchema() {
    assertThat(serializer.direct())
        .as("FigureEvent.avsc changed: update FigureEventSerializer and its FINGERPRINT")
        .isTrue();
  }

  @Test
  void writesTheSerdesBytesForEveryEventOfTheBundledScenario() throws Exception {
    assertSameBytes(
        new Expander(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults())
            .eventList());
  }

  @Test
  void writesTheSerdesBytesForGaugesRangesAndDecimals() throws Exception {
    assertSameBytes(
        new Expander(SyntheticScenario.of(400, 6).load(), new ExpansionOptions(3, 6, null))
            .eventList());
  }

  @Test
  void anEventChangedAfterwardsIsWrittenAsItIsNow() throws Exception {
    List<FigureEvent> events =
        new Expander(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults()).eventList();
    FigureEvent first = events.get(0);
    assertThat(serializer.serialize("t", first)).isEqualTo(serde.serialize("t", first));
    first.setUnit("something-else");
    first.setExpectedUpper(first.getExpectedUpper() == null ? 7L : null);
    first.getProvenance().setSentence("a sentence edited in place");
    assertThat(serializer.serialize("t", first)).isEqualTo(serde.serialize("t", first));
    FigureEvent copy = FigureEvent.newBuilder(events.get(1)).build();
    assertThat(serializer.serialize("t", copy)).isEqualTo(serde.serialize("t", copy));
  }

  @Test
  void aMissingFieldIsRefusedAsTheSerdeRefusesIt() throws Exception {
    FigureEvent event =
        new Expander(ScenarioLoader.load("double11-2022"), ExpansionOptions.defaults())
            .eventList()
            .get(0);
    event.setTheme(null);
    assertThatThrownBy(() -> serializer.serialize("t", event))
        .isInstanceOf(SerializationException.class);
    assertThat(serializer.serialize("t", null)).isNull();
  }

  private void assertSameBytes(List<FigureEvent> events) {
    assertThat(events).isNotEmpty();
    for (FigureEvent e : events) {
      byte[] bytes = serializer.serialize("t", e);
      assertThat(bytes).as(e.getEventId()).isEqualTo(serde.serialize("t", e));
      assertThat(serde.deserialize("t", bytes)).isEqualTo(e);
    }
  }
}
