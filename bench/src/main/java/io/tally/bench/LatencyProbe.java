package io.tally.bench;

import static io.tally.topics.Headers.PRODUCED_AT;

import io.tally.avro.MetricTotal;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import io.tally.testkit.PrometheusText;
import io.tally.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Measures end-to-end latency of one scenario's events, from the producer's stamp (header {@code
 * tally.produced-at} of each event on the input topic) to
 *
 * <ul>
 *   <li>the total being updated: a {@code read_committed} consumer of {@code tally.metric-totals}
 *       receiving the first total that counted the event (what other services see), and
 *   <li>the value being visible on {@code /metrics}: {@code tally_figure_completion_ratio} of the
 *       figure, polled, first showing the event counted.
 * </ul>
 *
 * Both clocks are this machine's. The run is fresh and each figure's events are counted in the
 * order of its partition, so the k-th event of a metric on the input topic is the one that brings
 * its {@code eventsCounted} to k. A total counts every event up to its {@code eventsCounted}:
 * events folded into one total by the commit (the record cache keeps only a key's last value) each
 * get their own latency, the earlier ones the longer.
 */
final class LatencyProbe implements AutoCloseable {
  private final String scenario;
  private final Map<String, String> metricKeyByFigure;
  private final Map<String, Integer> eventsByFigure;
  private final StreamsRun streams;
  private final Duration pollInterval;
  private final KafkaConsumer<String, byte[]> consumer;
  private final SingleObjectSerde<MetricTotal> totals = TallySerdes.metricTotal();
  private final String inputTopic;
  private final EventLatencies seen = new EventLatencies();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param metricKeyByFigure {@code scenario/theme/metric} of each figure id of the scenario
   * @param eventsByFigure the events of each figure in the run
   */
  LatencyProbe(
      String bootstrap,
      String inputTopic,
      String scenario,
      Map<String, String> metricKeyByFigure,
      Map<String, Integer> eventsByFigure,
      StreamsRun streams,
      Duration pollInterval) {
    this.inputTopic = inputTopic;
    this.scenario = scenario;
    this.metricKeyByFigure = metricKeyByFigure;
    this.eventsByFigure = eventsByFigure;
    this.streams = streams;
    this.pollInterval = pollInterval;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tally-bench-latency");
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Positions the consumer at the end of the input and of the totals and starts watching. */
  void start() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(inputTopic, Topics.METRIC_TOTALS)) {
      consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .forEach(partitions::add);
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(30)));
    threads.add(daemon("tally-bench-totals", this::consumeTotals));
    threads.add(daemon("tally-bench-metrics", this::pollMetrics));
  }

  private Thread daemon(String name, Runnable body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private void consumeTotals() {
    String prefix = scenario + "/";
    while (running) {
      ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(20));
      long now = System.currentTimeMillis();
      for (ConsumerRecord<String, byte[]> r : records) {
        if (r.key() == null || !r.key().startsWith(prefix) || r.value() == null) {
          continue;
        }
        if (r.topic().equals(inputTopic)) {
          Header stamp = r.headers().lastHeader(PRODUCED_AT);
          if (stamp != null && stamp.value().length == Long.BYTES) {
            seen.produced(r.key(), ByteBuffer.wrap(stamp.value()).getLong());
          }
        } else {
          seen.counted(r.key(), totals.deserialize(r.topic(), r.value()).getEventsCounted(), now);
        }
      }
    }
  }

  private void pollMetrics() {
    while (running) {
      long started = System.currentTimeMillis();
      try {
        String text = streams.get("/metrics").body();
        long now = System.currentTimeMillis();
        PrometheusText.byLabel(
                text, "tally_figure_completion_ratio", "figure", Map.of("scenario", scenario))
            .forEach(
                (figure, ratio) -> {
                  Integer events = eventsByFigure.get(figure);
                  String key = metricKeyByFigure.get(figure);
                  if (events == null || key == null) {
                    return;
                  }
                  seen.shown(key, Math.round(ratio * events), now);
                });
        long rest = pollInterval.toMillis() - (System.currentTimeMillis() - started);
        if (rest > 0) {
          Thread.sleep(rest);
        }
      } catch (java.io.IOException e) {
        // The app is busy or going away: try again.
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Waits until every event has been seen both ways (or the timeout passes). */
  boolean awaitAll(long events, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (failure.get() != null) {
        throw new BenchException("latency probe failed: " + failure.get(), failure.get());
      }
      if (seen.complete(events)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The latencies of the events produced at or after {@code fromMillis} (warm-up left out). */
  EventLatencies.Result result(long fromMillis) {
    return seen.result(fromMillis);
  }

  /** Every event seen, as CSV: produced-at (epoch ms), ms to total, ms to /metrics (or empty). */
  void writeCsv(java.nio.file.Path file) throws java.io.IOException {
    seen.writeCsv(file);
  }

  @Override
  public void close() {
    running = false;
    // The consumer is closed from this thread only once its polling thread has ended.
    try {
      for (Thread thread : threads) {
        thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
