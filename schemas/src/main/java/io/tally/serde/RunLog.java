package io.tally.serde;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.topics.Keys;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The records of the run log {@code tally.runs} and their keys. Three record types share the topic,
 * each told apart by the schema fingerprint in its single-object header:
 *
 * <ul>
 *   <li>{@code RUN}: the {@link RunDeclaration} (scenario, seed, themes, figure count);
 *   <li>{@code RUN/figure/INDEX} (index zero-padded to 6 digits): a {@link FigureDeclaration};
 *   <li>{@code RUN/completion}: the {@link RunCompletion}.
 * </ul>
 *
 * The replay writes every record of a run to the partition {@link #partition(String, int)} chooses
 * from the run id, so a run's records stay together and in order: its figures, then its
 * declaration, later its completion.
 */
public final class RunLog {
  private static final String FIGURE = "/figure/";
  private static final String COMPLETION = "/completion";

  private static final SingleObjectSerde<RunDeclaration> DECLARATIONS =
      TallySerdes.runDeclaration();
  private static final SingleObjectSerde<FigureDeclaration> FIGURES =
      TallySerdes.figureDeclaration();
  private static final SingleObjectSerde<RunCompletion> COMPLETIONS = TallySerdes.runCompletion();

  private RunLog() {}

  public static String declarationKey(String runId) {
    return runId;
  }

  public static String figureKey(String runId, int index) {
    return runId + FIGURE + String.format(Locale.ROOT, "%06d", index);
  }

  /** The prefix that every figure key of a run starts with. */
  public static String figurePrefix(String runId) {
    return runId + FIGURE;
  }

  public static String completionKey(String runId) {
    return runId + COMPLETION;
  }

  /** The run a key of the run log belongs to. */
  public static String runOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  /** The partition of {@code tally.runs} that holds a run's records. */
  public static int partition(String runId, int partitions) {
    return Keys.partition(runId, partitions);
  }

  /** Encodes a record of the run log. */
  public static byte[] encode(SpecificRecord record) {
    if (record instanceof RunDeclaration d) {
      return DECLARATIONS.serialize(null, d);
    }
    if (record instanceof FigureDeclaration f) {
      return FIGURES.serialize(null, f);
    }
    if (record instanceof RunCompletion c) {
      return COMPLETIONS.serialize(null, c);
    }
    throw new SerializationException("not a record of the run log: " + record.getClass());
  }

  /**
   * Decodes a record of the run log by its fingerprint.
   *
   * @throws SerializationException if it is none of the run log's record types
   */
  public static SpecificRecord decode(String topic, byte[] data) {
    if (DECLARATIONS.reads(data)) {
      return DECLARATIONS.deserialize(topic, data);
    }
    if (FIGURES.reads(data)) {
      return FIGURES.deserialize(topic, data);
    }
    if (COMPLETIONS.reads(data)) {
      return COMPLETIONS.deserialize(topic, data);
    }
    throw new SerializationException(
        "not a record of the run log on "
            + topic
            + " ("
            + (data == null ? "null" : data.length + " bytes")
            + "): neither a RunDeclaration, a FigureDeclaration nor a RunCompletion");
  }

  /** A serde for any record of the run log (e.g. a store holding the run log). */
  public static Serde<SpecificRecord> serde() {
    Serializer<SpecificRecord> serializer = (topic, value) -> value == null ? null : encode(value);
    Deserializer<SpecificRecord> deserializer =
        (topic, data) -> data == null ? null : decode(topic, data);
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
