package io.tally.bench;

import io.tally.expand.Expander;
import io.tally.expand.ExpansionOptions;
import io.tally.replay.ProgressListener;
import io.tally.replay.ReplayJob;
import io.tally.replay.ReplaySettings;
import io.tally.replay.ReplaySummary;
import io.tally.replay.Speed;
import io.tally.scenario.Scenario;
import io.tally.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The bench's side A of "produce", in a child JVM as Kafka's ProducerPerformance is: what {@code
 * tally replay --speed max} does (the same {@link ReplayJob}, producer settings and expansion), on
 * a scenario file, into a given topic; prints one line {@code TALLY-REPLAY events=N bytes=B
 * nanos=T}, timed as the replay times itself (first send to last acknowledgement).
 *
 * <p>Arguments: {@code BOOTSTRAP SCENARIO_FILE EVENTS_PER_FIGURE TOPIC RUN_ID}.
 */
public final class ReplayMain {
  private ReplayMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println(
          "usage: ReplayMain BOOTSTRAP SCENARIO_FILE EVENTS_PER_FIGURE TOPIC RUN_ID");
      System.exit(2);
    }
    Scenario scenario = ScenarioLoader.loadFile(Path.of(args[1]));
    Expander expander =
        new Expander(scenario, new ExpansionOptions(1, Integer.parseInt(args[2]), args[4]));
    ReplaySettings settings =
        new ReplaySettings(
            args[0],
            args[3],
            Optional.of(6),
            Optional.of((short) 1),
            Speed.MAX,
            Duration.ofSeconds(2),
            Map.of());
    ReplaySummary summary = new ReplayJob(settings).run(expander, ProgressListener.NONE);
    System.out.printf(
        "TALLY-REPLAY events=%d bytes=%d nanos=%d complete=%s%n",
        summary.events(), summary.bytes(), summary.duration().toNanos(), summary.complete());
    System.exit(summary.complete() ? 0 : 1);
  }
}
