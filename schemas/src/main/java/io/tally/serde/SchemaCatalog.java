package io.tally.serde;

import io.tally.avro.FigureDeclaration;
import io.tally.avro.FigureEvent;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.MetricTotal;
import io.tally.avro.Observation;
import io.tally.avro.RunCompletion;
import io.tally.avro.RunDeclaration;
import io.tally.avro.RunStatus;
import io.tally.avro.ThemeTotal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every schema Tally writes or has written, by the fingerprint a single-object record carries: each
 * record type's published versions ({@code schemas/history/NAME/vN.avsc}) and its current schema. A
 * consumer that meets a fingerprint it does not know finds the writer's schema here (or at {@code
 * GET /api/v1/schemas/{fingerprint}}) and reads the record with its own reader schema.
 */
public final class SchemaCatalog {
  /** The record types on Tally's topics, with their current schemas. */
  private static final List<Schema> CURRENT =
      List.of(
          Observation.getClassSchema(),
          RunDeclaration.getClassSchema(),
          FigureDeclaration.getClassSchema(),
          RunCompletion.getClassSchema(),
          RunStatus.getClassSchema(),
          MetricTotal.getClassSchema(),
          ThemeTotal.getClassSchema(),
          MetricDailyTotal.getClassSchema(),
          FigureEvent.getClassSchema());

  /**
   * One version of a record schema.
   *
   * @param version 1 for the first published; the current schema has the highest
   * @param current whether Tally writes this version today
   */
  public record Entry(String name, int version, Schema schema, boolean current) {
    /** CRC-64-AVRO of the schema's parsing canonical form. */
    public long fingerprint() {
      return SchemaNormalization.parsingFingerprint64(schema);
    }

    /**
     * The fingerprint's 8 bytes as they appear in a single-object header (little-endian), in hex:
     * what a consumer reads at bytes 2 to 9 of a record.
     */
    public String fingerprintHex() {
      byte[] bytes =
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint()).array();
      return HexFormat.of().formatHex(bytes);
    }
  }

  private SchemaCatalog() {}

  /** Every version of every record type, by name then version. */
  public static List<Entry> all() {
    List<Entry> entries = new ArrayList<>();
    for (Schema current : CURRENT) {
      String name = current.getName();
      long currentFingerprint = SchemaNormalization.parsingFingerprint64(current);
      List<Schema> history = TallySerdes.history(name);
      int version = 0;
      boolean currentPublished = false;
      for (Schema published : history) {
        version++;
        boolean isCurrent =
            SchemaNormalization.parsingFingerprint64(published) == currentFingerprint;
        currentPublished |= isCurrent;
        entries.add(new Entry(name, version, published, isCurrent));
      }
      if (!currentPublished) {
        entries.add(new Entry(name, version + 1, current, true));
      }
    }
    return entries;
  }

  /** The schema with this fingerprint, given as in a header (16 hex digits) or as 0x + the long. */
  public static Optional<Entry> byFingerprint(String hex) {
    String wanted = hex.toLowerCase(Locale.ROOT);
    return all().stream()
        .filter(
            e ->
                e.fingerprintHex().equals(wanted)
                    || ("0x" + HexFormat.of().toHexDigits(e.fingerprint())).equals(wanted))
        .findFirst();
  }

  /** The schema of a single-object encoded record, from its header. */
  public static Optional<Entry> of(byte[] record) {
    if (record == null || record.length < 10) {
      return Optional.empty();
    }
    return byFingerprint(HexFormat.of().formatHex(record, 2, 10));
  }
}
