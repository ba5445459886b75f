package io.tally.reconcile;

import static io.tally.reconcile.ReconciliationTest.MERCHANTS;
import static io.tally.reconcile.ReconciliationTest.SHARE;
import static io.tally.reconcile.ReconciliationTest.total;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tally.avro.FigureKind;
import io.tally.avro.Qualifier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationTableTest {
  private static final ExpectedFigure BIG =
      new ExpectedFigure(
          "double11-2022",
          "green",
          "carbon_kg",
          "carbon",
          "Carbon saved",
          "kg",
          FigureKind.COUNTER,
          Qualifier.MORE_THAN,
          9_000_000_000_000_000_000L,
          0);

  private final Reconciliation.Result result =
      Reconciliation.reconcile(
          List.of(MERCHANTS, SHARE, BIG),
          key ->
              key.equals(MERCHANTS.metricKey())
                  ? Optional.of(total(MERCHANTS, 1_200_000, 0, 10, 10))
                  : key.equals(SHARE.metricKey())
                      ? Optional.of(total(SHARE, 300, 1, 3, 4))
                      : Optional.empty());

  @Test
  void rendersAnAlignedTableWithPlainScaledValues() {
    String table = ReconciliationTable.render(result);

    assertThat(table)
        .isEqualTo(
            """
            FIGURE                    THEME                  EXPECTED  AGGREGATED  UNIT       QUALIFIER  STATUS   EVENTS
            taobao-net-new-merchants  employment              1200000     1200000  merchants  exact      EXACT     10/10
            elderly-share             elderly                    35.5        30.0  percent    nearly     PENDING     3/4
            carbon                    green       9000000000000000000           -  kg         more_than  PENDING     0/0
            3 figures: 1 exact, 2 pending, 0 mismatched
            """);
  }

  @Test
  void jsonKeepsValuesAsPlainStrings() throws Exception {
    JsonNode json = new ObjectMapper().readTree(ReconciliationTable.toJson(result));

    assertThat(json.at("/summary/figures").asInt()).isEqualTo(3);
    assertThat(json.at("/summary/allExact").asBoolean()).isFalse();
    assertThat(json.at("/figures/0/status").asText()).isEqualTo("EXACT");
    assertThat(json.at("/figures/1/expected").asText()).isEqualTo("35.5");
    assertThat(json.at("/figures/1/aggregated").asText()).isEqualTo("30.0");
    assertThat(json.at("/figures/2/expected").asText()).isEqualTo("9000000000000000000");
    assertThat(json.at("/figures/2/aggregated").isNull()).isTrue();
    assertThat(json.at("/figures/2/qualifier").asText()).isEqualTo("more_than");
  }
}
