package io.tally.replay;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.Observation;
import io.tally.avro.RunDeclaration;
import io.tally.avro.RunState;
import io.tally.avro.RunStatus;
import io.tally.expand.Expander;
import io.tally.serde.RunLog;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import io.tally.topics.Headers;
import io.tally.topics.Keys;
import io.tally.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a run to Kafka in three steps (the event model v2):
 *
 * <ol>
 *   <li>its declaration to the run log {@code tally.runs}: every figure, then the run itself, all
 *       on the run's partition ({@link RunLog}), flushed before anything else is sent;
 *   <li>its observations to the event topic ({@code tally.figure-events} by default), paced by
 *       event time. The key is the figure's metric key ({@code scenario/theme/metric}) so one
 *       figure's events stay ordered in one partition; the record timestamp is the produce time
 *       (the event time travels in the payload) and the header {@value #PRODUCED_AT_HEADER} carries
 *       it for end-to-end latency;
 *   <li>once every observation is acknowledged, its completion to the run log. A replay stopped or
 *       failed before that writes none, so the run stays incomplete until the same command runs
 *       again.
 * </ol>
 *
 * <p>Each partition's first record of the run is sent alone and acknowledged before the next goes
 * there ({@link FirstWrites}): with requests in flight, a broker restarting or a leader moving at
 * that moment could otherwise lose it. The producer is injected, so tests use {@code MockProducer};
 * {@link #stop()} (from a shutdown hook) ends the replay after the current event, and what was sent
 * is flushed.
 */
public final class Replayer {
  /** Header with the produce time (8-byte big-endian epoch ms). */
  public static final String PRODUCED_AT_HEADER = Headers.PRODUCED_AT;

  private static final Logger log = LoggerFactory.getLogger(Replayer.class);

  private final Producer<String, byte[]> producer;
  private final FirstWrites writes;
  private final String topic;
  private final String runsTopic;
  private final Pacing pacing;
  private final WallClock clock;
  private final ProgressListener progress;
  private final SingleObjectSerde<Observation> observations = TallySerdes.observation();
  private final SingleObjectSerde<RunStatus> statuses = TallySerdes.runStatus();
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

  /**
   * @param topic the event topic
   * @param runsTopic the run log
   */
  public Replayer(
      Producer<String, byte[]> producer,
      String topic,
      String runsTopic,
      Pacing pacing,
      WallClock clock,
      ProgressListener progress) {
    this.producer = producer;
    this.writes = new FirstWrites(producer);
    this.topic = topic;
    this.runsTopic = runsTopic;
    this.pacing = pacing;
    this.clock = clock;
    this.progress = progress;
  }

  /** Ends the replay after the event being sent; safe to call from any thread. */
  public void stop() {
    stopping = true;
  }

  /**
   * Declares the run, sends every observation in order, flushes, and completes the run if every
   * observation was acknowledged.
   *
   * @throws KafkaException if the cluster refused a record (the first error, after flushing)
   */
  // Every send is watched by its callback, which records the first failure; the futures add
  // nothing.
  @SuppressWarnings("FutureReturnValueIgnored")
  public ReplaySummary replay(Expander run) throws InterruptedException {
    String runId = run.runId();
    List<FigureDeclaration> figures = run.figureDeclarations();
    Integer runPartition = runPartition(runId);
    declare(run, figures, runPartition);

    String[] keys = new String[figures.size()];
    for (FigureDeclaration f : figures) {
      keys[f.getIndex()] = Keys.metric(f.getScenario(), f.getTheme(), f.getMetric());
    }
    long total = run.eventCount();
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
    int[] sentPerFigure = new int[figures.size()];
    long lastEventTime = Long.MIN_VALUE;
    long sent = 0;
    boolean complete = true;
    Iterator<Observation> events = run.observations();
    while (events.hasNext()) {
      if (stopping || failure.get() != null) {
        complete = false;
        break;
      }
      Observation event = events.next();
      long eventTime = event.getEventTime().toEpochMilli();
      waitUntil(started, pacing.offsetOf(eventTime));
      writes.send(record(keys[event.getFigure()], event), callback);
      sentPerFigure[event.getFigure()]++;
      lastEventTime = Math.max(lastEventTime, eventTime);
      sent++;
      progress.progress(sent, total, eventTime);
    }
    producer.flush();
    Exception error = failure.get();
    boolean allAcked = complete && error == null && acked.get() == sent;
    if (allAcked) {
      complete(run, sentPerFigure, lastEventTime, runPartition);
    }
    ReplaySummary summary =
        new ReplaySummary(
            runId,
            acked.get(),
            total,
            bytes.get(),
            Duration.ofNanos(clock.nanoTime() - started),
            allAcked);
    progress.finished(summary);
    if (error != null) {
      throw new KafkaException(
          "the cluster refused an event of run " + runId + ": " + error.getMessage(), error);
    }
    log.debug("replay of {} ended: {}", runId, summary.describe());
    return summary;
  }

  /** The partition of the run log for this run, or null to let the producer choose. */
  private @Nullable Integer runPartition(String runId) {
    List<PartitionInfo> partitions = producer.partitionsFor(runsTopic);
    return partitions == null || partitions.isEmpty()
        ? null
        : RunLog.partition(runId, partitions.size());
  }

  @SuppressWarnings("FutureReturnValueIgnored") // see replay(): the callback watches the send
  private void declare(Expander run, List<FigureDeclaration> figures, @Nullable Integer partition) {
    String runId = run.runId();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback callback =
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, exception);
          }
        };
    RunDeclaration declaration = run.declaration(Instant.now());
    // The first state of the run, announced by the replay before the run log declares it: the
    // streams application publishes the later ones (REPLAYING, COMPLETE, SUPERSEDED) under the
    // same key once it reads the declaration, so they always come after this one.
    writes.send(
        new ProducerRecord<>(
            Topics.RUN_STATUS, runId, statuses.serialize(Topics.RUN_STATUS, declared(declaration))),
        callback);
    producer.flush();
    for (FigureDeclaration figure : figures) {
      sendRunRecord(RunLog.figureKey(runId, figure.getIndex()), figure, partition, callback);
    }
    sendRunRecord(RunLog.declarationKey(runId), declaration, partition, callback);
    producer.flush();
    if (failure.get() != null) {
      throw new KafkaException(
          "the cluster refused the declaration of run "
              + runId
              + " on "
              + runsTopic
              + ": "
              + failure.get().getMessage(),
          failure.get());
    }
    log.info("declared run {}: {} figures on {}", runId, figures.size(), runsTopic);
  }

  private static RunStatus declared(RunDeclaration declaration) {
    return RunStatus.newBuilder()
        .setRunId(declaration.getRunId())
        .setScenario(declaration.getScenario().getId())
        .setState(RunState.DECLARED)
        .setFigures(declaration.getFigures())
        .setFiguresStarted(0)
        .setFiguresCounted(0)
        .setExact(0)
        .setEvents(declaration.getEvents())
        .setEventsCounted(0)
        .setDeclaredAt(declaration.getDeclaredAt())
        .build();
  }

  private void complete(
      Expander run, int[] sentPerFigure, long lastEventTime, @Nullable Integer partition) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    sendRunRecord(
        RunLog.completionKey(run.runId()),
        run.completion(sentPerFigure, Math.max(0, lastEventTime), Instant.now()),
        partition,
        (metadata, exception) -> {
          if (exception != null) {
            failure.set(exception);
          }
        });
    producer.flush();
    if (failure.get() != null) {
      throw new KafkaException(
          "the cluster refused the completion of run "
              + run.runId()
              + ": "
              + failure.get().getMessage(),
          failure.get());
    }
    log.info("completed run {}", run.runId());
  }

  @SuppressWarnings("FutureReturnValueIgnored") // see replay(): the callback watches the send
  private void sendRunRecord(
      String key, SpecificRecord value, @Nullable Integer partition, Callback callback) {
    writes.send(new ProducerRecord<>(runsTopic, partition, key, RunLog.encode(value)), callback);
  }

  private void waitUntil(long started, long offsetMillis) throws InterruptedException {
    long due = started + offsetMillis * 1_000_000L;
    long now;
    while (!stopping && (now = clock.nanoTime()) < due) {
      clock.sleepMillis(Math.max(1, Math.min(250, (due - now) / 1_000_000L)));
    }
  }

  private ProducerRecord<String, byte[]> record(String key, Observation event) {
    byte[] producedAt = Headers.producedAt(System.currentTimeMillis());
    // Headers added to the record's own (empty) list: passing a list would copy it.
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, key, observations.serialize(topic, event));
    record.headers().add(PRODUCED_AT_HEADER, producedAt);
    return record;
  }
}
