package io.tally.scenario;

import io.tally.topics.Keys;
import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One figure a report states: what it measures, its value as stated, when its events happen and the
 * sentence it comes from.
 *
 * @param value the figure as stated: a positive integer for counters, a non-negative decimal with
 *     at most {@link Scenario#MAX_SCALE} places for gauges
 * @param upper the upper bound of a {@link Qualifier#RANGE} figure, otherwise null
 * @param sentence the sentence (or clause) of the source document that states the figure
 */
public record Figure(
    String id,
    String theme,
    String metric,
    String label,
    String unit,
    Kind kind,
    Qualifier qualifier,
    BigDecimal value,
    @Nullable BigDecimal upper,
    Period period,
    Profile profile,
    String sentence) {

  /** Decimal places shared by value and upper; 0 for counters. */
  public int scale() {
    int scale = Math.max(0, value.stripTrailingZeros().scale());
    if (upper != null) {
      scale = Math.max(scale, Math.max(0, upper.stripTrailingZeros().scale()));
    }
    return scale;
  }

  /** The value without its decimal point, at {@link #scale()}. */
  public long unscaledValue() {
    return value.setScale(scale()).unscaledValue().longValueExact();
  }

  public Optional<Long> unscaledUpper() {
    return Optional.ofNullable(upper)
        .map(u -> u.setScale(scale()).unscaledValue().longValueExact());
  }

  /** The key that all of this figure's events carry: {@code scenario/theme/metric}. */
  public String metricKey(String scenario) {
    return Keys.metric(scenario, theme, metric);
  }
}
