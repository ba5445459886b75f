package io.tally.query;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How instances read each other's partitions: {@code GET
 * /api/v1/internal/stores/{store}?partitions=0,3[&key=K|&prefix=P]} answers with the values as
 * {@value #CONTENT_TYPE}: a record count, then each record as its length and its Avro single-object
 * encoding (all big-endian ints). A 503 with a JSON error means a partition is not active and
 * running there. Internal: not part of the public API and may change between versions.
 */
public final class PeerProtocol {
  /** Path prefix; the store name follows. */
  public static final String PATH = "/api/v1/internal/stores/";

  public static final String CONTENT_TYPE = "application/vnd.tally.records";
  public static final String PARTITIONS = "partitions";
  public static final String KEY = "key";
  public static final String PREFIX = "prefix";

  private PeerProtocol() {}

  public static <V> byte[] encode(StoreSpec<V> store, List<V> values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(values.size());
      for (V value : values) {
        byte[] record = store.serde().serializer().serialize(store.name(), value);
        out.writeInt(record.length);
        out.write(record);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a peer's answer: the store's records, in the order sent.
   *
   * @throws IllegalArgumentException if the body is truncated or has trailing bytes
   * @throws org.apache.kafka.common.errors.SerializationException if a record does not decode
   */
  public static <V> List<V> decode(StoreSpec<V> store, byte[] body) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
      int count = in.readInt();
      if (count < 0) {
        throw new IllegalArgumentException("negative record count " + count);
      }
      List<V> values = new ArrayList<>(Math.min(count, 10_000));
      for (int i = 0; i < count; i++) {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IllegalArgumentException("record " + i + " has a bad length " + length);
        }
        byte[] record = in.readNBytes(length);
        values.add(store.serde().deserializer().deserialize(store.name(), record));
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException(in.available() + " bytes after the last record");
      }
      return values;
    } catch (EOFException e) {
      throw new IllegalArgumentException("truncated records of " + store.name(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
