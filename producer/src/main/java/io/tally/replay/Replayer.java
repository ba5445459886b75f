package io.tally.replay;

import io.tally.avro.FigureEvent;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run's events to the event topic ({@code tally.figure-events} by default), paced by event
 * time. The key is the figure's metric key ({@code scenario/theme/metric}) so one figure's events
 * stay ordered in one partition; the record timestamp is the produce time (the event time travels
 * in the payload) and the header {@value #PRODUCED_AT_HEADER} carries it for end-to-end latency.
 *
 * <p>The producer is injected, so tests use {@code MockProducer}; {@link #stop()} (from a shutdown
 * hook) ends the replay after the current event, and what was sent is flushed.
 */
public final class Replayer {
  /** Header with the produce time (8-byte big-endian epoch ms). */
  public static final String PRODUCED_AT_HEADER = "tally.produced-at";

  private static final Logger log = LoggerFactory.getLogger(Replayer.class);

  private final Producer<String, FigureEvent> producer;
  private final String topic;
  private final Pacing pacing;
  private final WallClock clock;
  private final ProgressListener progress;
  private volatile boolean stopping;

  /** The clock and sleep of the replay; a seam for tests. */
  public interface WallClock {
    long nanoTime();

    void sleepMillis(long millis) throws InterruptedException;

    WallClock SYSTEM =
        new WallClock() {
          @Override
          public long nanoTime() {
            return System.nanoTime();
          }

          @Override
          public void sleepMillis(long millis) throws InterruptedException {
            Thread.sleep(millis);
          }
        };
  }

  public Replayer(
      Producer<String, FigureEvent> producer,
      String topic,
      Pacing pacing,
      WallClock clock,
      ProgressListener progress) {
    this.producer = producer;
    this.topic = topic;
    this.pacing = pacing;
    this.clock = clock;
    this.progress = progress;
  }

  /** Ends the replay after the event being sent; safe to call from any thread. */
  public void stop() {
    stopping = true;
  }

  /**
   * Sends every event, in order, then flushes.
   *
   * @throws KafkaException if the cluster refused an event (the first error, after flushing)
   */
  public ReplaySummary replay(String runId, Iterator<FigureEvent> events, long total)
      throws InterruptedException {
    long started = clock.nanoTime();
    AtomicLong acked = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback callback =
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, exception);
          } else {
            acked.incrementAndGet();
            bytes.addAndGet(
                Math.max(0, metadata.serializedKeySize())
                    + Math.max(0, metadata.serializedValueSize()));
          }
        };
    long sent = 0;
    boolean complete = true;
    while (events.hasNext()) {
      if (stopping || failure.get() != null) {
        complete = false;
        break;
      }
      FigureEvent event = events.next();
      waitUntil(started, pacing.offsetOf(event.getEventTime().toEpochMilli()));
      producer.send(record(event), callback);
      sent++;
      progress.progress(sent, total, event.getEventTime().toEpochMilli());
    }
    producer.flush();
    Exception error = failure.get();
    ReplaySummary summary =
        new ReplaySummary(
            runId,
            acked.get(),
            total,
            bytes.get(),
            Duration.ofNanos(clock.nanoTime() - started),
            complete && error == null && acked.get() == sent);
    progress.finished(summary);
    if (error != null) {
      throw new KafkaException(
          "the cluster refused an event of run " + runId + ": " + error.getMessage(), error);
    }
    log.debug("replay of {} ended: {}", runId, summary.describe());
    return summary;
  }

  private void waitUntil(long started, long offsetMillis) throws InterruptedException {
    long due = started + offsetMillis * 1_000_000L;
    long now;
    while (!stopping && (now = clock.nanoTime()) < due) {
      clock.sleepMillis(Math.max(1, Math.min(250, (due - now) / 1_000_000L)));
    }
  }

  private ProducerRecord<String, FigureEvent> record(FigureEvent event) {
    String key = event.getScenario() + "/" + event.getTheme() + "/" + event.getMetric();
    byte[] producedAt = ByteBuffer.allocate(Long.BYTES).putLong(System.currentTimeMillis()).array();
    // Headers added to the record's own (empty) list: passing a list would copy it.
    ProducerRecord<String, FigureEvent> record = new ProducerRecord<>(topic, key, event);
    record.headers().add(PRODUCED_AT_HEADER, producedAt);
    return record;
  }
}
