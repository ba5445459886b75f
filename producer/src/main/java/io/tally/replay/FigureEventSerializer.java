package io.tally.replay;

import io.tally.avro.FigureEvent;
import io.tally.avro.Provenance;
import io.tally.serde.SingleObjectSerde;
import io.tally.serde.TallySerdes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The replay's serializer of {@link FigureEvent}: exactly the bytes of {@link
 * TallySerdes#figureEvent()} (Avro single-object encoding of the current schema), written directly
 * rather than through Avro's generic datum writer, with the fields that all events of a figure
 * share encoded once per figure. A replay sends millions of events of a few thousand figures; the
 * generic writer spent a third of the replay's time re-encoding the same strings.
 *
 * <p>It knows one schema, pinned by its fingerprint: built against any other version of {@code
 * FigureEvent.avsc}, it hands every event to {@link TallySerdes#figureEvent()} instead (and {@code
 * FigureEventSerializerTest} fails until this class follows the schema).
 *
 * <p>Not thread-safe; a producer serializes on the sending thread only.
 */
final class FigureEventSerializer implements Serializer<FigureEvent> {
  /** The parsing fingerprint of the schema this class writes. */
  static final long FINGERPRINT = -5804489710398496144L;

  private static final int MAX_SHAPES = 1 << 16;

  private final SingleObjectSerde<FigureEvent> generic = TallySerdes.figureEvent();
  private final boolean direct;
  private final byte[] header = new byte[10];
  // The encoded shared fields of each figure, found by its Provenance (one instance per figure in
  // an expansion); checked field by field before use, so any other FigureEvent is safe too.
  private final Map<Provenance, Shape> shapes = new IdentityHashMap<>();
  private byte[] buffer = new byte[1024];
  private int length;

  FigureEventSerializer() {
    long fingerprint = SchemaNormalization.parsingFingerprint64(FigureEvent.getClassSchema());
    this.direct = fingerprint == FINGERPRINT;
    header[0] = (byte) 0xC3;
    header[1] = 0x01;
    ByteBuffer.wrap(header, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
  }

  /** Whether events are written directly (the schema is the one this class knows). */
  boolean direct() {
    return direct;
  }

  @Override
  public byte[] serialize(String topic, FigureEvent e) {
    if (e == null) {
      return null;
    }
    if (!direct) {
      return generic.serialize(topic, e);
    }
    try {
      Shape shape = shape(e);
      length = 0;
      writeBytes(header);
      writeString(e.getEventId());
      writeBytes(shape.head);
      writeLong(e.getValue());
      writeLong(e.getScale());
      writeLong(e.getEventTime().toEpochMilli());
      writeLong(e.getSequence());
      writeBytes(shape.tail);
      return Arrays.copyOf(buffer, length);
    } catch (NullPointerException missing) {
      // A required field is null: Avro's writer reports which one.
      return generic.serialize(topic, e);
    }
  }

  private Shape shape(FigureEvent e) {
    Shape shape = shapes.get(e.getProvenance());
    if (shape != null && shape.matches(e)) {
      return shape;
    }
    if (shapes.size() >= MAX_SHAPES) {
      shapes.clear();
    }
    shape = new Shape(e, encodeHead(e), encodeTail(e));
    shapes.put(e.getProvenance(), shape);
    return shape;
  }

  /** The fields between eventId and value: scenario to qualifier. */
  private byte[] encodeHead(FigureEvent e) {
    length = 0;
    writeString(e.getScenario());
    writeString(e.getRunId());
    writeString(e.getFigureId());
    writeString(e.getTheme());
    writeString(e.getMetric());
    writeString(e.getUnit());
    writeLong(e.getKind().ordinal());
    writeLong(e.getQualifier().ordinal());
    return Arrays.copyOf(buffer, length);
  }

  /** The fields after sequence: eventsInFigure to provenance. */
  private byte[] encodeTail(FigureEvent e) {
    length = 0;
    writeLong(e.getEventsInFigure());
    writeLong(e.getExpectedValue());
    if (e.getExpectedUpper() == null) {
      writeLong(0);
    } else {
      writeLong(1);
      writeLong(e.getExpectedUpper());
    }
    writeLong(e.getPeriodStart().toEpochMilli());
    writeLong(e.getPeriodEnd().toEpochMilli());
    writeString(e.getTimeZone());
    Provenance p = e.getProvenance();
    writeString(p.getSourceDocument());
    writeString(p.getSentence());
    writeString(p.getLabel());
    return Arrays.copyOf(buffer, length);
  }

  private void writeString(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeLong(utf8.length);
    writeBytes(utf8);
  }

  private void writeBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  /** Avro's long (and int, whose zig-zag varint is the same): zig-zag, then 7 bits a byte. */
  private void writeLong(long n) {
    ensure(10);
    long z = (n << 1) ^ (n >> 63);
    while ((z & ~0x7FL) != 0) {
      buffer[length++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    buffer[length++] = (byte) z;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  /** The shared fields of a figure's events as last encoded, and the values they encode. */
  private static final class Shape {
    private final String scenario;
    private final String runId;
    private final String figureId;
    private final String theme;
    private final String metric;
    private final String unit;
    private final Object kind;
    private final Object qualifier;
    private final int eventsInFigure;
    private final long expectedValue;
    private final Long expectedUpper;
    private final Instant periodStart;
    private final Instant periodEnd;
    private final String timeZone;
    private final Provenance provenance;
    private final String sourceDocument;
    private final String sentence;
    private final String label;
    final byte[] head;
    final byte[] tail;

    Shape(FigureEvent e, byte[] head, byte[] tail) {
      this.scenario = e.getScenario();
      this.runId = e.getRunId();
      this.figureId = e.getFigureId();
      this.theme = e.getTheme();
      this.metric = e.getMetric();
      this.unit = e.getUnit();
      this.kind = e.getKind();
      this.qualifier = e.getQualifier();
      this.eventsInFigure = e.getEventsInFigure();
      this.expectedValue = e.getExpectedValue();
      this.expectedUpper = e.getExpectedUpper();
      this.periodStart = e.getPeriodStart();
      this.periodEnd = e.getPeriodEnd();
      this.timeZone = e.getTimeZone();
      this.provenance = e.getProvenance();
      this.sourceDocument = provenance.getSourceDocument();
      this.sentence = provenance.getSentence();
      this.label = provenance.getLabel();
      this.head = head;
      this.tail = tail;
    }

    /** Whether e's shared fields are those encoded here (strings compared as references). */
    boolean matches(FigureEvent e) {
      return e.getScenario() == scenario
          && e.getRunId() == runId
          && e.getFigureId() == figureId
          && e.getTheme() == theme
          && e.getMetric() == metric
          && e.getUnit() == unit
          && e.getKind() == kind
          && e.getQualifier() == qualifier
          && e.getEventsInFigure() == eventsInFigure
          && e.getExpectedValue() == expectedValue
          && Objects.equals(e.getExpectedUpper(), expectedUpper)
          && periodStart.equals(e.getPeriodStart())
          && periodEnd.equals(e.getPeriodEnd())
          && e.getTimeZone() == timeZone
          && e.getProvenance() == provenance
          && provenance.getSourceDocument() == sourceDocument
          && provenance.getSentence() == sentence
          && provenance.getLabel() == label;
    }
  }
}
