package io.tally.reliability;

import static io.tally.reliability.Outcomes.assertAllExact;
import static io.tally.reliability.Outcomes.assertClean;
import static io.tally.reliability.Outcomes.assertCompleteReplay;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.MetricTotal;
import io.tally.expand.ExpansionOptions;
import io.tally.reliability.Expected.FigureRun;
import io.tally.testkit.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app loses its state directory: once after a clean stop, once after a kill -9. Each
 * time it is started on an empty directory and rebuilds its stores from the changelogs: the
 * reconciliation is exact again, the output topics are exactly as they were (not one update
 * re-emitted), and a replay run again afterwards counts nothing twice, which proves the
 * de-duplication state came back too.
 */
@ExtendWith(Faults.SuiteSummary.class)
class StateLossIT {
  private static final String APP = "tally-state-loss";

  @TempDir Path tmp;

  @AfterAll
  static void reap() {
    ChildProcess.destroyAll();
  }

  @Test
  void deletedStateIsRebuiltFromTheChangelogs() throws Exception {
    Expected expected = new Expected(ExpansionOptions.DEFAULT_EVENTS_PER_FIGURE);
    long total = expected.eventCount();
    try (Fixture fx = Fixture.start("StateLossIT", tmp)) {
      Path state = fx.dir("streams-state");
      StreamsApp first = fx.streams(APP, state).awaitRunning();
      assertCompleteReplay(fx.replay("--speed", "max"), total);
      assertAllExact(first);
      assertClean(fx.awaitAudit(expected));
      Snapshot before = Snapshot.read(fx.bootstrap());

      first.stop();
      Fixture.deleteRecursively(state);
      fx.faults().inject("state directory of " + first + " deleted after a clean stop");
      StreamsApp second = fx.streams(APP, state).awaitRunning();
      assertAllExact(second);
      try (Stream<Path> files = Files.list(state)) {
        assertThat(files).as("state rebuilt in %s", state).isNotEmpty();
      }
      assertUnchanged(before, Snapshot.read(fx.bootstrap()));

      second.kill();
      Fixture.deleteRecursively(state);
      fx.faults().inject("state directory of " + second + " deleted after kill -9");
      StreamsApp third = fx.streams(APP, state).awaitRunning();
      assertAllExact(third);
      assertUnchanged(before, Snapshot.read(fx.bootstrap()));

      assertCompleteReplay(fx.replay("--speed", "max"), total);
      fx.faults().inject("the replay run again on the rebuilt state");
      assertAllExact(third);
      Audit audit = fx.awaitAudit(expected);
      fx.faults().report(audit);
      assertClean(audit);
      Map<String, MetricTotal> after = Snapshot.read(fx.bootstrap()).latestMetricTotals();
      for (FigureRun f : expected.figures().values()) {
        assertThat(after.get(f.key()).getDuplicates())
            .as("%s: every resent event recognised as a duplicate", f.key())
            .isEqualTo(f.events());
      }
    }
  }

  /** Restoring state must not emit anything: every output topic reads exactly as before. */
  private static void assertUnchanged(Snapshot before, Snapshot after) {
    assertThat(after.metricTotals()).as("tally.metric-totals").isEqualTo(before.metricTotals());
    assertThat(after.themeTotals()).as("tally.theme-totals").isEqualTo(before.themeTotals());
    assertThat(after.dailyTotals()).as("tally.metric-totals-daily").isEqualTo(before.dailyTotals());
  }
}
