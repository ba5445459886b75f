package io.tally.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tally.topics.Keys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class FirstWritesTest {
  private static final String TOPIC = "events";
  private static final int PARTITIONS = 3;

  /**
   * A producer that acknowledges only on flush, and notes for every send whether an earlier record
   * of the same partition was still unacknowledged: what lets a later request overtake the first.
   */
  private static final class Recording extends MockProducer<String, byte[]> {
    final List<Sent> sent = new ArrayList<>();
    int flushes;
    boolean failNextFlush;

    /**
     * @param overtakes sent while the first record of its partition was still unacknowledged
     */
    record Sent(int partition, Future<RecordMetadata> ack, boolean overtakes) {}

    Recording() {
      super(cluster(), false, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized Future<RecordMetadata> send(
        ProducerRecord<String, byte[]> record, Callback callback) {
      int partition =
          record.partition() != null
              ? record.partition()
              : Keys.partition(record.key(), PARTITIONS);
      boolean overtakes =
          sent.stream()
              .filter(s -> s.partition() == partition)
              .findFirst()
              .map(first -> !first.ack().isDone())
              .orElse(false);
      Future<RecordMetadata> ack = super.send(record, callback);
      sent.add(new Sent(partition, ack, overtakes));
      return ack;
    }

    @Override
    public synchronized void flush() {
      flushes++;
      if (failNextFlush) {
        failNextFlush = false;
        errorNext(new NotLeaderOrFollowerException("the broker is restarting"));
      }
      super.flush();
    }
  }

  private static Cluster cluster() {
    Node broker = new Node(1, "localhost", 9092);
    List<PartitionInfo> partitions =
        IntStream.range(0, PARTITIONS)
            .mapToObj(
                p -> new PartitionInfo(TOPIC, p, broker, new Node[] {broker}, new Node[] {broker}))
            .toList();
    return new Cluster("c", List.of(broker), partitions, java.util.Set.of(), java.util.Set.of());
  }

  private static ProducerRecord<String, byte[]> event(int figure) {
    return new ProducerRecord<>(TOPIC, "scenario/theme/metric-" + figure, new byte[] {1});
  }

  @Test
  void eachPartitionsFirstRecordIsAcknowledgedBeforeAnotherGoesThere() {
    Recording producer = new Recording();
    FirstWrites writes = new FirstWrites(producer);

    for (int i = 0; i < 60; i++) {
      writes.send(event(i % 12), (metadata, e) -> {});
    }

    assertThat(producer.sent).hasSize(60).noneMatch(Recording.Sent::overtakes);
    assertThat(producer.sent.stream().map(Recording.Sent::partition).distinct())
        .as("the keys reach every partition")
        .hasSize(PARTITIONS);
    assertThat(producer.flushes).as("one wait per partition, then none").isEqualTo(PARTITIONS);
  }

  @Property
  void thePartitionIsKafkasOwnChoiceForTheKey(
      @ForAll String key, @ForAll @IntRange(min = 1, max = 10_000) int partitions) {
    assertThat(Keys.partition(key, partitions))
        .isEqualTo(
            BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions));
  }

  @Test
  void aFirstRecordThatFailedLeavesThePartitionGuarded() {
    Recording producer = new Recording();
    FirstWrites writes = new FirstWrites(producer);
    AtomicReference<Exception> failure = new AtomicReference<>();
    producer.failNextFlush = true;

    Future<RecordMetadata> first = writes.send(event(0), (metadata, e) -> failure.set(e));
    writes.send(event(0), (metadata, e) -> {});

    assertThat(first).isDone();
    assertThat(failure.get()).isInstanceOf(NotLeaderOrFollowerException.class);
    assertThat(producer.flushes).as("the next record of the partition waits again").isEqualTo(2);
    assertThat(producer.sent).noneMatch(Recording.Sent::overtakes);
  }

  @Test
  void recordsWithAPartitionAreGuardedByIt() throws ExecutionException, InterruptedException {
    Recording producer = new Recording();
    FirstWrites writes = new FirstWrites(producer);

    for (int i = 0; i < 5; i++) {
      writes.send(new ProducerRecord<>(TOPIC, 2, "run/" + i, new byte[] {1}), (m, e) -> {});
    }

    assertThat(producer.flushes).isEqualTo(1);
    assertThat(producer.sent)
        .allMatch(s -> s.partition() == 2)
        .noneMatch(Recording.Sent::overtakes);
  }
}
