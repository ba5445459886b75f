package io.tally.replay;

import io.tally.expand.Expander;
import io.tally.topics.TopicSetup;
import io.tally.topics.TopicSpec;
import io.tally.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay against a real cluster: makes sure the event topic exists, then sends the run's events
 * with a {@link ReplayProducer} and returns the summary. {@link #stop()} ends it cleanly.
 */
public final class ReplayJob {
  private static final Logger log = LoggerFactory.getLogger(ReplayJob.class);

  private final ReplaySettings settings;
  private volatile @Nullable Replayer replayer;
  private volatile boolean stopped;

  public ReplayJob(ReplaySettings settings) {
    this.settings = settings;
  }

  public ReplaySummary run(Expander expander, ProgressListener progress)
      throws InterruptedException, ExecutionException {
    ensureTopic();
    Map<String, Object> producerSettings =
        ReplayProducer.settings(settings.bootstrapServers(), settings.clientProperties());
    try (Producer<String, byte[]> producer = ReplayProducer.create(producerSettings)) {
      Pacing pacing = new Pacing(settings.speed(), settings.maxGap().toMillis());
      replayer =
          new Replayer(
              producer,
              settings.topic(),
              settings.runsTopic(),
              pacing,
              Replayer.WallClock.SYSTEM,
              progress);
      if (stopped) {
        replayer.stop();
      }
      log.info(
          "replaying {} events of scenario {} as run {} into {} at speed {}",
          expander.eventCount(),
          expander.scenario().name(),
          expander.runId(),
          settings.topic(),
          settings.speed());
      return replayer.replay(expander);
    }
  }

  /** Ends the replay after the current event; what was sent is flushed. */
  public void stop() {
    stopped = true;
    Replayer current = replayer;
    if (current != null) {
      current.stop();
    }
  }

  private void ensureTopic() throws InterruptedException, ExecutionException {
    Map<String, Object> adminSettings = new HashMap<>(settings.clientProperties());
    adminSettings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    adminSettings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(adminSettings)) {
      TopicSetup.ensure(
          admin,
          List.of(
              TopicSpec.log(settings.topic(), settings.partitions(), settings.replicationFactor()),
              TopicSpec.runs(settings.runsTopic(), Optional.of(1), settings.replicationFactor()),
              TopicSpec.compacted(
                  Topics.RUN_STATUS, settings.partitions(), settings.replicationFactor())));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new KafkaException(
          "cannot set up topic "
              + settings.topic()
              + " on "
              + settings.bootstrapServers()
              + ": "
              + cause.getMessage(),
          cause);
    }
  }
}
