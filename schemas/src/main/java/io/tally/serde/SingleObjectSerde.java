package io.tally.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for a generated Avro class using Avro single-object encoding: the two bytes
 * {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the
 * binary payload. Any consumer holding the published {@code .avsc} files can decode it without a
 * schema registry. Older published versions of the schema are accepted too; a record written with
 * any other schema is refused with a {@link SerializationException} that names the fingerprint.
 *
 * @param <T> the generated record class
 */
public final class SingleObjectSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {
  private final String typeName;
  private final long fingerprint;
  private final java.util.Set<Long> known = new java.util.HashSet<>();
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  /**
   * @param schema the current schema of the class
   * @param olderSchemas earlier published versions that readers still accept
   */
  public SingleObjectSerde(Schema schema, List<Schema> olderSchemas) {
    AvroTrust.register();
    this.typeName = schema.getFullName();
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    SpecificData model = SpecificData.getForSchema(schema);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    known.add(fingerprint);
    for (Schema older : olderSchemas) {
      decoder.addSchema(older);
      known.add(SchemaNormalization.parsingFingerprint64(older));
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(data);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot encode " + typeName + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return decoder.decode(data);
    } catch (MissingSchemaException e) {
      throw new SerializationException(
          "not a "
              + typeName
              + " record on topic "
              + topic
              + ": unknown schema fingerprint "
              + fingerprintOf(data)
              + " (this reader knows "
              + fingerprintOf(fingerprint)
              + ")",
          e);
    } catch (BadHeaderException e) {
      throw new SerializationException(
          "not an Avro single-object record on topic "
              + topic
              + " ("
              + data.length
              + " bytes, expected header C3 01): "
              + e.getMessage(),
          e);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "corrupt " + typeName + " record on topic " + topic + ": " + e, e);
    }
  }

  /** Whether {@code data} is single-object encoded with a schema this serde reads. */
  public boolean reads(byte[] data) {
    return data != null
        && data.length >= 10
        && data[0] == (byte) 0xC3
        && data[1] == 0x01
        && known.contains(fingerprint(data));
  }

  /** The writer schema's fingerprint in a single-object header (bytes 2 to 9, little-endian). */
  public static long fingerprint(byte[] data) {
    return ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static String fingerprintOf(byte[] data) {
    if (data.length < 10) {
      return "(record too short)";
    }
    long fp = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    return fingerprintOf(fp);
  }

  private static String fingerprintOf(long fingerprint) {
    return "0x" + HexFormat.of().toHexDigits(fingerprint);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Nothing to configure: the schema is fixed by the class.
  }

  @Override
  public void close() {
    // Stateless: nothing to release.
  }
}
