package io.tally.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tally.avro.FigureEvent;
import io.tally.avro.FigureKind;
import io.tally.avro.MetricDailyTotal;
import io.tally.avro.Provenance;
import io.tally.avro.Qualifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SingleObjectSerdeTest {
  static FigureEvent event() {
    return FigureEvent.newBuilder()
        .setEventId("id-1")
        .setScenario("s")
        .setRunId("r")
        .setFigureId("f")
        .setTheme("t")
        .setMetric("m")
        .setUnit("jobs")
        .setKind(FigureKind.COUNTER)
        .setQualifier(Qualifier.MORE_THAN)
        .setValue(42)
        .setEventTime(Instant.parse("2022-11-11T00:00:00Z"))
        .setSequence(0)
        .setEventsInFigure(1)
        .setExpectedValue(42)
        .setPeriodStart(Instant.parse("2022-11-10T00:00:00Z"))
        .setPeriodEnd(Instant.parse("2022-11-12T00:00:00Z"))
        .setTimeZone("Asia/Shanghai")
        .setProvenance(new Provenance("doc", "发布超过60万个电商岗位", "jobs"))
        .build();
  }

  @Test
  void roundTripsWithTheSingleObjectHeaderAndFingerprint() {
    byte[] bytes = TallySerdes.figureEvent().serialize("t", event());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(fingerprint)
        .isEqualTo(SchemaNormalization.parsingFingerprint64(FigureEvent.getClassSchema()));
    assertThat(TallySerdes.figureEvent().deserialize("t", bytes)).isEqualTo(event());
  }

  @Test
  void aRecordOfAnotherSchemaIsRefusedNamingTheFingerprint() {
    MetricDailyTotal other =
        MetricDailyTotal.newBuilder()
            .setScenario("s")
            .setTheme("t")
            .setMetric("m")
            .setRunId("r")
            .setDay(java.time.LocalDate.of(2022, 11, 11))
            .setKind(FigureKind.COUNTER)
            .setValue(1)
            .setEvents(1)
            .setLastEventTime(Instant.EPOCH)
            .build();
    byte[] bytes = TallySerdes.metricDailyTotal().serialize("t", other);
    assertThatThrownBy(() -> TallySerdes.figureEvent().deserialize("events", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a io.tally.avro.FigureEvent record on topic events")
        .hasMessageContaining("unknown schema fingerprint 0x");
  }

  @Test
  void garbageIsRefusedClearly() {
    assertThatThrownBy(() -> TallySerdes.figureEvent().deserialize("events", new byte[] {1, 2, 3}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not an Avro single-object record on topic events");
    byte[] truncated = TallySerdes.figureEvent().serialize("t", event());
    byte[] cut = java.util.Arrays.copyOf(truncated, 14);
    assertThatThrownBy(() -> TallySerdes.figureEvent().deserialize("events", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("corrupt io.tally.avro.FigureEvent record on topic events");
  }

  @Test
  void aConsumerWithOnlyThePublishedSchemaDecodesWithPlainAvro() throws Exception {
    byte[] bytes = TallySerdes.figureEvent().serialize("t", event());
    Schema.Parser parser = new Schema.Parser();
    parser.parse(Path.of("src/main/avro/FigureKind.avsc").toFile());
    parser.parse(Path.of("src/main/avro/Qualifier.avsc").toFile());
    Schema published = parser.parse(Path.of("src/main/avro/FigureEvent.avsc").toFile());
    BinaryMessageDecoder<GenericRecord> decoder =
        new BinaryMessageDecoder<>(GenericData.get(), published);
    GenericRecord generic = decoder.decode(bytes);
    assertThat(generic.get("value")).isEqualTo(42L);
    assertThat(generic.get("kind").toString()).isEqualTo("COUNTER");
    assertThat(((GenericRecord) generic.get("provenance")).get("sentence").toString())
        .isEqualTo("发布超过60万个电商岗位");
  }
}
