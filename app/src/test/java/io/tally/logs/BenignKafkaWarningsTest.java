package io.tally.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class BenignKafkaWarningsTest {
  private static final String CLIENT = "org.apache.kafka.clients.NetworkClient";
  private static final String PREFIX =
      "[Consumer clientId=tally-demo-1-StreamThread-1-consumer, groupId=tally-demo] The metadata"
          + " response from the cluster reported a recoverable issue with correlation id 2 : ";

  private final BenignKafkaWarnings filter = new BenignKafkaWarnings();
  private final LoggerContext context = new LoggerContext();

  private FilterReply decide(String logger, Level level, String message) {
    Logger log = context.getLogger(logger);
    return filter.decide(new LoggingEvent(Logger.class.getName(), log, level, message, null, null));
  }

  @Test
  void internalTopicsNotCreatedYetAreDropped() {
    assertThat(
            decide(
                CLIENT,
                Level.WARN,
                PREFIX + "{tally-demo-tally-theme-changes-repartition=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isEqualTo(FilterReply.DENY);
    assertThat(
            decide(
                CLIENT,
                Level.WARN,
                PREFIX
                    + "{a-x-repartition=LEADER_NOT_AVAILABLE, a-y-changelog=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isEqualTo(FilterReply.DENY);
  }

  @Test
  void aMissingInputTopicStillShows() {
    assertThat(
            decide(
                CLIENT,
                Level.WARN,
                PREFIX
                    + "{tally.figure-events=UNKNOWN_TOPIC_OR_PARTITION,"
                    + " a-x-repartition=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide(CLIENT, Level.WARN, PREFIX + "{a-x-repartition=TOPIC_AUTHORIZATION_FAILED}"))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void connectionProblemsStillShow() {
    assertThat(
            decide(
                CLIENT,
                Level.WARN,
                "[AdminClient clientId=adminclient-1] Connection to node -1 (/127.0.0.1:1) could"
                    + " not be established. Node may not be available."))
        .isEqualTo(FilterReply.NEUTRAL);
  }

  @Test
  void theBrokersDoubleCloseAtShutdownIsDropped() {
    String message =
        "[NodeToControllerChannelManager id=1 name=registration] Attempting to close NetworkClient"
            + " that has already been closed.";
    assertThat(decide(CLIENT, Level.WARN, message)).isEqualTo(FilterReply.DENY);
    assertThat(decide("org.apache.kafka.clients.Other", Level.WARN, message))
        .isEqualTo(FilterReply.NEUTRAL);
  }
}
