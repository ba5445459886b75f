package io.tally.reliability;

import static io.tally.reliability.Outcomes.assertAllExact;
import static io.tally.reliability.Outcomes.assertClean;
import static io.tally.reliability.Outcomes.assertCompleteReplay;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.testkit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away twice while a paced replay runs and the streams app processes it: first a
 * clean stop (SIGTERM), then a crash (SIGKILL), each time restarted on the same data directory and
 * ports after a short outage. Neither the replay nor the streams app is touched: both must ride out
 * the outages by themselves, the replay completes, and the totals are exact.
 */
@ExtendWith(Faults.SuiteSummary.class)
class BrokerRestartIT {
  private static final int EVENTS_PER_FIGURE = 100;
  private static final Duration REPLAY = Duration.ofSeconds(30);
  private static final Duration MAX_GAP = Duration.ofMillis(20);

  @TempDir Path tmp;

  @AfterAll
  static void reap() {
    ChildProcess.destroyAll();
  }

  @Test
  void replayAndStreamsRideOutBrokerRestarts() throws Exception {
    Expected expected = new Expected(EVENTS_PER_FIGURE);
    try (Fixture fx = Fixture.start("BrokerRestartIT", tmp)) {
      StreamsApp streams =
          fx.streams("tally-broker-restart", fx.dir("streams-state")).awaitRunning();
      ChildProcess replay =
          fx.replay(
              "--events-per-figure",
              Integer.toString(EVENTS_PER_FIGURE),
              "--max-gap",
              MAX_GAP.toMillis() + "ms",
              "--speed",
              expected.speedFor(REPLAY, MAX_GAP));
      long total = expected.eventCount();

      restartAt(fx, replay, Math.round(total * (0.1 + 0.15 * fx.random().nextDouble())), false);
      restartAt(fx, replay, Math.round(total * (0.5 + 0.2 * fx.random().nextDouble())), true);

      assertCompleteReplay(replay, total);
      assertThat(streams.process().isAlive())
          .as("streams app survived" + streams.process().tail())
          .isTrue();
      assertAllExact(streams);
      Audit audit = fx.awaitAudit(expected);
      fx.faults().report(audit);
      assertClean(audit);
      assertThat(audit.sent()).as("records in the event log").isEqualTo(total);
    }
  }

  /** Waits until the event log holds {@code target} records, then restarts the broker. */
  private static void restartAt(Fixture fx, ChildProcess replay, long target, boolean kill)
      throws InterruptedException {
    long inLog;
    try (KafkaConsumer<String, byte[]> probe = Records.consumer(fx.bootstrap())) {
      inLog = fx.awaitEventLog(probe, replay, target);
    }
    Duration downtime = fx.between(Duration.ofSeconds(1), Duration.ofSeconds(3));
    String broker = fx.broker().toString();
    boolean replayRunning = replay.isAlive();
    fx.restartBroker(kill, downtime);
    fx.faults()
        .inject(
            String.format(
                "%s %s at %d records in the event log (replay %s), restarted after %d ms down",
                kill ? "kill -9" : "SIGTERM",
                broker,
                inLog,
                replayRunning ? "running" : "done",
                downtime.toMillis()));
  }
}
