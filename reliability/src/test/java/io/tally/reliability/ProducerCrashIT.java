package io.tally.reliability;

import static io.tally.reliability.Outcomes.assertAllExact;
import static io.tally.reliability.Outcomes.assertClean;
import static io.tally.reliability.Outcomes.assertCompleteReplay;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.avro.MetricTotal;
import io.tally.reliability.Expected.FigureRun;
import io.tally.testkit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay is killed with SIGKILL part-way (at a random share of its events, by the seeded
 * schedule), then the same command is run again to completion, then once more in full: the resent
 * events are all recognised as duplicates (each figure's {@code duplicates} equals the records it
 * was sent again), no figure is counted twice, and the last full re-run changes no total.
 */
@ExtendWith(Faults.SuiteSummary.class)
class ProducerCrashIT {
  private static final int EVENTS_PER_FIGURE = 100;
  private static final Duration REPLAY = Duration.ofSeconds(15);
  private static final Duration MAX_GAP = Duration.ofMillis(20);

  @TempDir Path tmp;

  @AfterAll
  static void reap() {
    ChildProcess.destroyAll();
  }

  @Test
  void replayKilledAndRunAgainCountsNothingTwice() throws Exception {
    Expected expected = new Expected(EVENTS_PER_FIGURE);
    String[] replayOptions = {
      "--events-per-figure",
      Integer.toString(EVENTS_PER_FIGURE),
      "--max-gap",
      MAX_GAP.toMillis() + "ms",
      "--speed",
      expected.speedFor(REPLAY, MAX_GAP)
    };
    try (Fixture fx = Fixture.start("ProducerCrashIT", tmp)) {
      StreamsApp streams =
          fx.streams("tally-producer-crash", fx.dir("streams-state")).awaitRunning();

      ChildProcess first = fx.replay(replayOptions);
      long total = expected.eventCount();
      long target = Math.round(total * (0.2 + 0.5 * fx.random().nextDouble()));
      try (KafkaConsumer<String, byte[]> probe = Records.consumer(fx.bootstrap())) {
        fx.awaitEventLog(probe, first, target);
        first.kill();
        long atKill = fx.eventLogSize(probe);
        fx.faults()
            .inject(
                String.format(
                    "kill -9 %s at %d of %d events in the log (target %d)",
                    first, atKill, total, target));
        assertThat(atKill)
            .as("events in the log when the replay was killed")
            .isBetween(1L, total - 1);
      }

      ChildProcess second = fx.replay(replayOptions);
      fx.faults().inject("the same replay command run again after the kill: " + second);
      assertCompleteReplay(second, total);
      assertAllExact(streams);
      Audit afterRerun = fx.awaitAudit(expected);
      assertThat(afterRerun.problems()).as("audit after the re-run").isEmpty();
      Map<String, MetricTotal> before = Snapshot.read(fx.bootstrap()).latestMetricTotals();
      assertThat(before.values())
          .as("figures with resent events recognised as duplicates")
          .anyMatch(t -> t.getDuplicates() > 0);

      // The run id does not depend on the speed: a full re-run at max speed is the same run.
      List<String> fullRerun = new ArrayList<>(List.of(replayOptions));
      fullRerun.set(fullRerun.indexOf("--speed") + 1, "max");
      ChildProcess third = fx.replay(fullRerun.toArray(String[]::new));
      fx.faults().inject("the replay run again in full: " + third);
      assertCompleteReplay(third, total);
      assertAllExact(streams);

      Audit audit = fx.awaitAudit(expected);
      fx.faults().report(audit);
      assertClean(audit);
      Map<String, MetricTotal> after = Snapshot.read(fx.bootstrap()).latestMetricTotals();
      for (FigureRun f : expected.figures().values()) {
        MetricTotal was = before.get(f.key());
        MetricTotal now = after.get(f.key());
        assertThat(now.getDuplicates())
            .as("%s: duplicates after every event was sent once more", f.key())
            .isEqualTo(was.getDuplicates() + f.events());
        assertThat(MetricTotal.newBuilder(now).setDuplicates(was.getDuplicates()).build())
            .as("%s: the full re-run changed nothing but the duplicate count", f.key())
            .isEqualTo(was);
      }
    }
  }
}
