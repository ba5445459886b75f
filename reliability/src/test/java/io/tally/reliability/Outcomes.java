package io.tally.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tally.testkit.ChildProcess;
import java.util.List;

/** The assertions every test ends with: a replay that completed, a reconciliation all EXACT. */
final class Outcomes {
  private static final int SHOWN = 40;

  private Outcomes() {}

  /** The replay exited 0 after printing {@code replayed N of N events}. */
  static void assertCompleteReplay(ChildProcess replay, long total) throws InterruptedException {
    assertThat(replay.awaitExit(Fixture.STARTUP))
        .as("exit code of " + replay + replay.tail())
        .isZero();
    assertThat(replay.stdoutLines())
        .as("summary of " + replay)
        .anyMatch(l -> l.startsWith("replayed " + total + " of " + total + " events"));
  }

  /** The streams app's reconciliation endpoint says every figure is EXACT (waits, bounded). */
  static void assertAllExact(StreamsApp streams) throws Exception {
    JsonNode reconciliation = streams.awaitAllExact();
    boolean allExact =
        reconciliation != null && reconciliation.path("summary").path("allExact").asBoolean();
    if (!allExact) {
      String answer = String.valueOf(reconciliation);
      throw new AssertionError(
          "reconciliation of "
              + streams
              + " not all EXACT within "
              + Fixture.SETTLE
              + "; last answer: "
              + answer.substring(0, Math.min(2000, answer.length()))
              + streams.process().tail());
    }
  }

  /** The audit found nothing lost, nothing duplicated, no inconsistent update. */
  static void assertClean(Audit audit) {
    List<String> problems = audit.problems();
    assertThat(problems.subList(0, Math.min(problems.size(), SHOWN)))
        .as(
            "audit of the committed topics (%d problems%s)",
            problems.size(), problems.size() > SHOWN ? ", the first " + SHOWN + " shown" : "")
        .isEmpty();
    assertThat(audit.lost()).as("events lost").isZero();
    assertThat(audit.duplicated()).as("events counted twice").isZero();
  }
}
