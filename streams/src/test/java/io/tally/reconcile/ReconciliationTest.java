package io.tally.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.FigureKind;
import io.tally.avro.MetricTotal;
import io.tally.avro.Qualifier;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  static final ExpectedFigure MERCHANTS =
      new ExpectedFigure(
          "double11-2022",
          "employment",
          "net_new_merchants",
          "taobao-net-new-merchants",
          "Net new merchants on Taobao",
          "merchants",
          FigureKind.COUNTER,
          Qualifier.EXACT,
          1_200_000,
          0);
  static final ExpectedFigure SHARE =
      new ExpectedFigure(
          "double11-2022",
          "elderly",
          "share_of_elderly_users",
          "elderly-share",
          "Share of users over 60",
          "percent",
          FigureKind.GAUGE,
          Qualifier.NEARLY,
          355,
          1);

  private final Map<String, MetricTotal> totals = new HashMap<>();
  private final TotalsView view = key -> Optional.ofNullable(totals.get(key));

  @Test
  void noTotalIsPending() {
    var result = Reconciliation.reconcile(List.of(MERCHANTS), view);

    ReconciliationRow row = result.rows().get(0);
    assertThat(row.status()).isEqualTo(ReconciliationStatus.PENDING);
    assertThat(row.aggregatedValue()).isEmpty();
    assertThat(result.summary()).isEqualTo(new Reconciliation.Summary(1, 0, 1, 0));
    assertThat(result.summary().allExact()).isFalse();
  }

  @Test
  void notAllEventsCountedIsPendingEvenIfTheValueDiffers() {
    totals.put(MERCHANTS.metricKey(), total(MERCHANTS, 600_000, 0, 5, 10));

    assertThat(Reconciliation.reconcile(List.of(MERCHANTS), view).rows().get(0).status())
        .isEqualTo(ReconciliationStatus.PENDING);
  }

  @Test
  void allCountedAndEqualIsExactWhateverTheScale() {
    totals.put(MERCHANTS.metricKey(), total(MERCHANTS, 1_200_000, 0, 10, 10));
    totals.put(SHARE.metricKey(), total(SHARE, 3550, 2, 4, 4));

    var result = Reconciliation.reconcile(List.of(MERCHANTS, SHARE), view);

    assertThat(result.rows()).allMatch(r -> r.status() == ReconciliationStatus.EXACT);
    assertThat(result.rows().get(1).aggregated()).isEqualTo(new BigDecimal("35.50"));
    assertThat(result.summary().allExact()).isTrue();
  }

  @Test
  void allCountedAndDifferentIsAMismatch() {
    totals.put(MERCHANTS.metricKey(), total(MERCHANTS, 1_199_999, 0, 10, 10));

    var result = Reconciliation.reconcile(List.of(MERCHANTS), view);

    assertThat(result.rows().get(0).status()).isEqualTo(ReconciliationStatus.MISMATCH);
    assertThat(result.summary().mismatched()).isEqualTo(1);
  }

  @Test
  void noFiguresIsNotAllExact() {
    assertThat(Reconciliation.reconcile(List.of(), view).summary().allExact()).isFalse();
  }

  static MetricTotal total(ExpectedFigure f, long value, int scale, int counted, int events) {
    return MetricTotal.newBuilder()
        .setScenario(f.scenario())
        .setTheme(f.theme())
        .setMetric(f.metric())
        .setFigureId(f.figureId())
        .setRunId("run-1")
        .setUnit(f.unit())
        .setKind(f.kind())
        .setQualifier(f.qualifier())
        .setScale(scale)
        .setValue(value)
        .setExpectedValue(f.expectedValue())
        .setExpectedUpper(null)
        .setEventsCounted(counted)
        .setEventsInFigure(events)
        .setDuplicates(0)
        .setLastEventTime(Instant.parse("2022-11-11T00:00:00Z"))
        .setComplete(counted == events)
        .setLabel(f.label())
        .build();
  }
}
