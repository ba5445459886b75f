package io.tally.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drops two Kafka warnings that every healthy start and stop prints, and nothing else:
 *
 * <ul>
 *   <li>a Kafka Streams consumer asking for its own internal topics ({@code -repartition}, {@code
 *       -changelog}) before the rebalance that creates them has finished: {@code NetworkClient}'s
 *       "reported a recoverable issue ... UNKNOWN_TOPIC_OR_PARTITION". The same warning about any
 *       other topic (a missing input topic) and every connection failure still show;
 *   <li>the embedded broker closing its controller channel twice at shutdown.
 * </ul>
 */
public final class BenignKafkaWarnings extends Filter<ILoggingEvent> {
  private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
  private static final Pattern TOPIC_ERRORS =
      Pattern.compile("reported a recoverable issue with correlation id \\d+ : \\{(.*)}$");
  private static final Pattern TOPIC_ERROR = Pattern.compile("([^=, ]+)=([A-Z_]+)");
  private static final Set<String> NOT_YET_CREATED =
      Set.of("UNKNOWN_TOPIC_OR_PARTITION", "LEADER_NOT_AVAILABLE");
  private static final String DOUBLE_CLOSE =
      "name=registration] Attempting to close NetworkClient that has already been closed.";

  @Override
  public FilterReply decide(ILoggingEvent event) {
    if (event.getLevel() != Level.WARN || !NETWORK_CLIENT.equals(event.getLoggerName())) {
      return FilterReply.NEUTRAL;
    }
    String message = event.getFormattedMessage();
    if (message == null) {
      return FilterReply.NEUTRAL;
    }
    if (message.endsWith(DOUBLE_CLOSE) || internalTopicsNotYetCreated(message)) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean internalTopicsNotYetCreated(String message) {
    Matcher errors = TOPIC_ERRORS.matcher(message);
    if (!errors.find()) {
      return false;
    }
    Matcher error = TOPIC_ERROR.matcher(errors.group(1));
    boolean any = false;
    while (error.find()) {
      String topic = error.group(1);
      boolean internal = topic.endsWith("-repartition") || topic.endsWith("-changelog");
      if (!internal || !NOT_YET_CREATED.contains(error.group(2))) {
        return false;
      }
      any = true;
    }
    return any;
  }
}
