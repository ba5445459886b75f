package io.tally.replay;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the event topic when it is missing. The event log is the source of truth and its events
 * carry event times from the report's year, which time-based retention would delete at once: the
 * topic therefore never expires ({@code retention.ms=-1}, {@code retention.bytes=-1}).
 */
public final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
  static final Map<String, String> EVENT_TOPIC_CONFIG =
      Map.of(
          TopicConfig.RETENTION_MS_CONFIG, "-1",
          TopicConfig.RETENTION_BYTES_CONFIG, "-1",
          TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);

  private TopicSetup() {}

  /**
   * @return true if the topic was created, false if it existed
   */
  public static boolean ensureEventTopic(
      Admin admin, String topic, Optional<Integer> partitions, Optional<Short> replication)
      throws InterruptedException, ExecutionException {
    Set<String> existing = admin.listTopics().names().get();
    if (existing.contains(topic)) {
      warnIfExpiring(admin, topic);
      return false;
    }
    NewTopic newTopic = new NewTopic(topic, partitions, replication).configs(EVENT_TOPIC_CONFIG);
    try {
      admin.createTopics(List.of(newTopic)).all().get();
      log.info(
          "created topic {} ({} partitions, replication {}, never expires)",
          topic,
          partitions.map(String::valueOf).orElse("default"),
          replication.map(String::valueOf).orElse("default"));
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }

  private static void warnIfExpiring(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    var retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
    if (retention != null && !"-1".equals(retention.value())) {
      log.warn(
          "topic {} has retention.ms={}: replayed events carry past event times and the log may"
              + " be deleted; set retention.ms=-1 on it",
          topic,
          retention.value());
    }
  }
}
