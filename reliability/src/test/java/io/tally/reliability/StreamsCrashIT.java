package io.tally.reliability;

import static io.tally.reliability.Outcomes.assertAllExact;
import static io.tally.reliability.Outcomes.assertClean;
import static io.tally.reliability.Outcomes.assertCompleteReplay;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.testkit.Await;
import io.tally.testkit.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app is killed with SIGKILL at random points while a paced replay runs, and restarted
 * on the same state directory each time; at the end every figure is exact, and a {@code
 * read_committed} consumer of the output sees exactly one update per input event: no update of an
 * aborted transaction, none repeated, none missing ({@link Audit}).
 *
 * <p>As in Kafka's {@code streams_eos_test.py}, the commit interval is stretched to 2 s so that
 * kills land inside open transactions holding many updates. Some kills land while the app runs,
 * others while it is still restoring or rebalancing after the previous kill.
 */
@ExtendWith(Faults.SuiteSummary.class)
class StreamsCrashIT {
  private static final String APP = "tally-crash";
  private static final int EVENTS_PER_FIGURE = 100;
  private static final Duration REPLAY = Duration.ofSeconds(30);
  private static final Duration MAX_GAP = Duration.ofMillis(20);
  private static final int MIN_KILLS = 3;
  private static final int MAX_KILLS = 5;

  @TempDir Path tmp;

  @AfterAll
  static void reap() {
    ChildProcess.destroyAll();
  }

  @Test
  void killedStreamsAppRestartsExactlyOnce() throws Exception {
    Expected expected = new Expected(EVENTS_PER_FIGURE);
    String speed = expected.speedFor(REPLAY, MAX_GAP);
    try (Fixture fx = Fixture.start("StreamsCrashIT", tmp);
        KafkaConsumer<String, byte[]> probe = Records.consumer(fx.bootstrap())) {
      Path state = fx.dir("streams-state");
      String[] options = {"-K", "commit.interval.ms=2000"};
      StreamsApp streams = fx.streams(APP, state, options).awaitRunning();
      ChildProcess replay =
          fx.replay(
              "--events-per-figure",
              Integer.toString(EVENTS_PER_FIGURE),
              "--max-gap",
              MAX_GAP.toMillis() + "ms",
              "--speed",
              speed);

      // The first kill comes once the replay is under way, at a random share of its events.
      fx.awaitEventLog(
          probe,
          replay,
          Math.round(expected.eventCount() * (0.05 + 0.2 * fx.random().nextDouble())));
      int kills = 0;
      while (kills < MIN_KILLS || (replay.isAlive() && kills < MAX_KILLS)) {
        // The first kill lands while processing; later ones anywhere after start-up.
        boolean whileRunning = kills == 0 || fx.random().nextBoolean();
        Duration delay =
            whileRunning
                ? fx.between(Duration.ofMillis(300), Duration.ofSeconds(3))
                : fx.between(Duration.ZERO, Duration.ofSeconds(3));
        if (whileRunning) {
          streams.awaitRunning();
        } else {
          streams.awaitHttp();
        }
        Await.hold(delay);
        boolean replayRunning = replay.isAlive();
        int exit = streams.kill();
        kills++;
        fx.faults()
            .inject(
                String.format(
                    "kill -9 %s %d ms after it was %s (exit %d); %d of %d records in the event log"
                        + " processed and committed, replay %s",
                    streams,
                    delay.toMillis(),
                    whileRunning ? "running" : "started",
                    exit,
                    fx.committedInput(APP),
                    fx.eventLogSize(probe),
                    replayRunning ? "running" : "done"));
        streams = fx.streams(APP, state, options);
      }

      assertCompleteReplay(replay, expected.eventCount());
      assertAllExact(streams.awaitRunning());

      Audit audit = fx.awaitAudit(expected);
      fx.faults().report(audit);
      assertClean(audit);
      assertThat(audit.sent()).isEqualTo(expected.eventCount());
      assertThat(fx.faults().count()).isGreaterThanOrEqualTo(MIN_KILLS);
    }
  }
}
