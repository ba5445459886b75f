package io.tally.runs;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.MetricTotal;

/** A declared figure before its first event: its total reads 0 of its declared events. */
public final class PendingFigure {
  private PendingFigure() {}

  public static MetricTotal total(FigureDeclaration f) {
    return MetricTotal.newBuilder()
        .setScenario(f.getScenario())
        .setTheme(f.getTheme())
        .setMetric(f.getMetric())
        .setFigureId(f.getFigureId())
        .setRunId(f.getRunId())
        .setUnit(f.getUnit())
        .setKind(f.getKind())
        .setQualifier(f.getQualifier())
        .setScale(f.getScale())
        .setValue(0)
        .setExpectedValue(f.getExpectedValue())
        .setExpectedUpper(f.getExpectedUpper())
        .setEventsCounted(0)
        .setEventsInFigure(f.getEvents())
        .setDuplicates(0)
        .setLastEventTime(f.getPeriodStart())
        .setComplete(false)
        .setLabel(f.getLabel())
        .setSentence(f.getSentence())
        .build();
  }
}
