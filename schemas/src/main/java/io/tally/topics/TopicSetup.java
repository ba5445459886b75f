package io.tally.topics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Tally's topics when they are missing, as their {@link TopicSpec}s say, and warns when an
 * existing log topic would expire (its events carry past event times).
 */
public final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /**
   * Creates the topics that do not exist yet.
   *
   * @return the names of the topics created (those that existed are left as they are)
   */
  public static List<String> ensure(Admin admin, List<TopicSpec> specs)
      throws InterruptedException, ExecutionException {
    Set<String> existing = admin.listTopics().names().get();
    List<NewTopic> missing = new ArrayList<>();
    for (TopicSpec spec : specs) {
      if (existing.contains(spec.name())) {
        if ("-1".equals(spec.configs().get(TopicConfig.RETENTION_MS_CONFIG))) {
          warnIfExpiring(admin, spec.name());
        }
      } else {
        missing.add(
            new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                .configs(spec.configs()));
      }
    }
    List<String> created = new ArrayList<>();
    CreateTopicsResult result = admin.createTopics(missing);
    for (NewTopic topic : missing) {
      try {
        result.values().get(topic.name()).get();
        created.add(topic.name());
        log.info("created topic {} {}", topic.name(), topic.configs());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return created;
  }

  private static void warnIfExpiring(Admin admin, String topic)
      throws InterruptedException, ExecutionException {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
    var retention = config.get(TopicConfig.RETENTION_MS_CONFIG);
    if (retention != null && !"-1".equals(retention.value())) {
      log.warn(
          "topic {} has retention.ms={}: its records carry past event times and may be deleted;"
              + " set retention.ms=-1 on it",
          topic,
          retention.value());
    }
  }
}
