package io.tally.topology;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.FigureEvent;
import io.tally.avro.Observation;
import io.tally.avro.Provenance;
import io.tally.avro.RunDeclaration;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Turns a slim {@link Observation} (event model v2) into the {@link FigureEvent} the fold counts,
 * with what the run log declares of its figure. The replay flushes a run's declaration before its
 * first observation, but the global store may trail the event topic by a moment: a figure not yet
 * known is waited for, up to a bound, once per run; a run still undeclared after that is
 * dead-lettered ({@code undeclared-figure}) without waiting again for a while.
 */
final class ObservationResolver {
  private static final long POLL_MILLIS = 20;

  private final Declarations declarations;
  private final long waitMillis;
  private final long forgetMissingMillis;
  private final Map<String, Long> missingSince = new LinkedHashMap<>();

  /** A declared figure with its run's time zone and source. */
  private record Figure(FigureDeclaration declaration, String timeZone, Provenance provenance) {}

  ObservationResolver(Declarations declarations, Duration wait) {
    this.declarations = declarations;
    this.waitMillis = wait.toMillis();
    this.forgetMissingMillis = Math.max(30_000, 6 * waitMillis);
  }

  /** The observation as a whole event, or empty if its figure is not declared. */
  Optional<FigureEvent> resolve(Observation o) throws InterruptedException {
    // The run log's index holds every figure decoded: a lookup is a few hash probes.
    Figure figure = lookup(o.getRunId(), o.getFigure());
    if (figure == null) {
      return Optional.empty();
    }
    FigureDeclaration d = figure.declaration();
    return Optional.of(
        new FigureEvent(
            eventId(o.getEventId().bytes()),
            d.getScenario(),
            o.getRunId(),
            d.getFigureId(),
            d.getTheme(),
            d.getMetric(),
            d.getUnit(),
            d.getKind(),
            d.getQualifier(),
            o.getValue(),
            d.getScale(),
            o.getEventTime(),
            o.getSequence(),
            d.getEvents(),
            d.getExpectedValue(),
            d.getExpectedUpper(),
            d.getPeriodStart(),
            d.getPeriodEnd(),
            figure.timeZone(),
            figure.provenance()));
  }

  private @Nullable Figure lookup(String runId, int index) throws InterruptedException {
    Figure found = find(runId, index);
    if (found != null) {
      missingSince.remove(runId);
      return found;
    }
    long now = System.currentTimeMillis();
    Long since = missingSince.get(runId);
    if (since != null && now - since < forgetMissingMillis) {
      return null;
    }
    long deadline = now + waitMillis;
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(POLL_MILLIS);
      found = find(runId, index);
      if (found != null) {
        missingSince.remove(runId);
        return found;
      }
    }
    missingSince.put(runId, System.currentTimeMillis());
    if (missingSince.size() > 1_000) {
      missingSince.remove(missingSince.keySet().iterator().next());
    }
    return null;
  }

  private @Nullable Figure find(String runId, int index) {
    // The run's declaration is written after its figures: once it is known, so are they.
    Optional<RunDeclaration> run = declarations.run(runId);
    if (run.isEmpty()) {
      return null;
    }
    return declarations
        .figure(runId, index)
        .map(
            f ->
                new Figure(
                    f,
                    run.get().getScenario().getTimeZone(),
                    new Provenance(
                        run.get().getScenario().getSource(), f.getSentence(), f.getLabel())))
        .orElse(null);
  }

  private static String eventId(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new UUID(b.getLong(), b.getLong()).toString();
  }
}
