package io.tally.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticScenarioTest {

  @Test
  void loadsAsAValidScenarioOfTheRequestedSize() throws Exception {
    Scenario scenario = SyntheticScenario.of(1200, 7).load();
    assertThat(scenario.name()).isEqualTo("synthetic-1200");
    assertThat(scenario.figures()).hasSize(1200);
    assertThat(scenario.themes()).hasSize(3);
    assertThat(scenario.origin()).isEqualTo("synthetic:synthetic-1200");
  }

  @Test
  void tenThousandFiguresAreOverSnakeYamlsDefaultLimitButLoad() throws Exception {
    SyntheticScenario synthetic = SyntheticScenario.of(10_000, 1000);
    assertThat(synthetic.yaml().length()).isGreaterThan(3 * 1024 * 1024);
    assertThat(synthetic.load().figures()).hasSize(10_000);
  }

  @Test
  void replaysToExactlyFiguresTimesEventsPerFigure() throws Exception {
    SyntheticScenario synthetic = SyntheticScenario.of(300, 13);
    Expander expander =
        new Expander(synthetic.load(), new ExpansionOptions(1, synthetic.eventsPerFigure(), null));
    assertThat(expander.eventCount()).isEqualTo(synthetic.eventCount()).isEqualTo(300 * 13);
    assertThat(expander.eventList()).hasSize(300 * 13);
  }

  @Test
  void mixesKindsQualifiersAndProfiles() throws Exception {
    Scenario scenario = SyntheticScenario.of(2000, 1).load();
    assertThat(scenario.figures().stream().map(Figure::kind).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Kind.COUNTER, Kind.GAUGE);
    assertThat(scenario.figures().stream().map(Figure::qualifier).collect(Collectors.toSet()))
        .hasSize(Qualifier.values().length);
    assertThat(scenario.figures().stream().map(Figure::profile).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Profile.UNIFORM, Profile.RAMP_UP, Profile.DOUBLE11_PEAK);
  }

  @Test
  void uniformSpreadsEveryFigureEvenlyOverTheCampaign() throws Exception {
    Scenario scenario = SyntheticScenario.of(500, 1).withUniform(true).load();
    Set<Profile> profiles =
        scenario.figures().stream().map(Figure::profile).collect(Collectors.toSet());
    assertThat(profiles).containsExactly(Profile.UNIFORM);
    assertThat(scenario.figures()).allMatch(f -> f.period().equals(scenario.campaign()));
  }

  @Test
  void isDeterministicBySeed() {
    SyntheticScenario a = SyntheticScenario.of(100, 5);
    assertThat(a.yaml()).isEqualTo(SyntheticScenario.of(100, 5).yaml());
    assertThat(a.withSeed(2).yaml()).isNotEqualTo(a.yaml());
  }

  @Test
  void refusesImpossibleSizes() {
    assertThatThrownBy(() -> SyntheticScenario.of(0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticScenario.of(10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticScenario.of(10, 1).withThemes(11))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyntheticScenario.of(10, 1).withName("Not A Name"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
