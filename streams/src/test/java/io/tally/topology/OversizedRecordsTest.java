package io.tally.topology;

import static io.tally.topics.Headers.DLQ_DETAIL;
import static io.tally.topics.Headers.DLQ_REASON;
import static io.tally.topology.FigureEvents.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.tally.topology.FigureEvents.Driver;
import io.tally.topology.FigureEvents.Figure;
import io.tally.topology.FigureEvents.RecordingObserver;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records as large as a broker accepts: each dead letter is cut to fit, says what was cut, and the
 * next good record is counted; events with fields longer than any scenario allows never reach a
 * total.
 */
class OversizedRecordsTest {
  private static final Instant T0 = Instant.parse("2022-11-01T00:00:00Z");
  private static final Figure MERCHANTS = Figure.counter("net_new_merchants", 30, 3);

  @TempDir Path stateDir;
  private Driver tally;

  @BeforeEach
  void start() {
    tally = new Driver(stateDir);
  }

  @AfterEach
  void stop() {
    tally.close();
  }

  private static int size(TestRecord<String, byte[]> letter) {
    int headers = 0;
    for (Header h : letter.headers()) {
      headers += 16 + h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    return letter.key().getBytes(StandardCharsets.UTF_8).length + letter.value().length + headers;
  }

  private void expectNextGoodRecordCounted() {
    Figure next = Figure.counter("next_good_record", 7, 1);
    tally.send(next, 0, 7, T0);
    assertThat(tally.total(next.key()).getComplete()).isTrue();
  }

  @Test
  void aGarbageRecordOfAlmostAMegabyteIsDeadLetteredCutToFit() {
    byte[] garbage = new byte[1_048_400];
    new Random(13).nextBytes(garbage);
    tally.sendRaw(MERCHANTS.key(), garbage);

    TestRecord<String, byte[]> letter = tally.deadLetters.readRecord();
    assertThat(header(letter.headers(), DLQ_REASON)).isEqualTo("undecodable");
    assertThat(header(letter.headers(), DeadLetterFit.VALUE_CUT)).isEqualTo("1048400");
    assertThat(size(letter)).isLessThanOrEqualTo(DeadLetterFit.MAX_RECORD_BYTES);
    assertThat(letter.value()).isEqualTo(Arrays.copyOf(garbage, letter.value().length));
    assertThat(letter.key()).isEqualTo(MERCHANTS.key());
    expectNextGoodRecordCounted();
  }

  @Test
  void aHugeKeyIsCutAndSaidSo() {
    String key = "k".repeat(1_000_000);
    tally.sendRaw(key, "garbage".getBytes(StandardCharsets.UTF_8));

    TestRecord<String, byte[]> letter = tally.deadLetters.readRecord();
    assertThat(letter.key()).hasSize(DeadLetterFit.MAX_KEY_BYTES);
    assertThat(header(letter.headers(), DeadLetterFit.KEY_CUT)).isEqualTo("1000000");
    assertThat(size(letter)).isLessThanOrEqualTo(DeadLetterFit.MAX_RECORD_BYTES);
    expectNextGoodRecordCounted();
  }

  @Test
  void anEventWithALabelLongerThanAnyScenarioAllowsIsOversized() {
    tally.send(
        MERCHANTS
            .builder(0, 10, T0)
            .setProvenance(
                io.tally.avro.Provenance.newBuilder(MERCHANTS.event(0, 10, T0).getProvenance())
                    .setLabel("l".repeat(1_000_000))
                    .build())
            .build());
    TestRecord<String, byte[]> letter = tally.deadLetters.readRecord();
    assertThat(header(letter.headers(), DLQ_REASON)).isEqualTo("oversized");
    assertThat(header(letter.headers(), DLQ_DETAIL))
        .isEqualTo("provenance.label: 1000000 characters, at most 200");
    assertThat(tally.total(MERCHANTS.key())).isNull();
    assertThat(tally.observer.deadLetters).containsExactly("oversized");
    expectNextGoodRecordCounted();
  }

  @Test
  void largeOriginalHeadersAreDroppedAndSaidSo() {
    Headers headers = new RecordHeaders();
    headers.add("big", new byte[200_000]);
    headers.add(DLQ_REASON, "undecodable".getBytes(StandardCharsets.UTF_8));
    ProducerRecord<byte[], byte[]> fitted =
        DeadLetterFit.fit(
            new ProducerRecord<>("t", null, 1L, new byte[10], new byte[900_000], headers));
    assertThat(fitted.headers().lastHeader("big")).isNull();
    assertThat(header(fitted.headers(), DLQ_REASON)).isEqualTo("undecodable");
    assertThat(header(fitted.headers(), DeadLetterFit.HEADERS_DROPPED))
        .isEqualTo("1 headers, 200019 bytes");
    assertThat(fitted.value()).hasSize(900_000);
  }

  @Test
  void aDeadLetterThatCannotFitIsSkippedCountedAndNamed() {
    Headers headers = new RecordHeaders();
    for (int i = 0; i < 130; i++) {
      headers.add("__streams.errors.part" + i, new byte[8 * 1024]);
    }
    RecordingObserver observer = new RecordingObserver();
    ErrorHandlerContext context =
        (ErrorHandlerContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ErrorHandlerContext.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "topic" -> "tally.figure-events";
                      case "partition" -> 2;
                      case "offset" -> 99L;
                      default -> null;
                    });
    List<ProducerRecord<byte[], byte[]>> fitted =
        DeadLetterFit.fitAll(
            List.of(new ProducerRecord<>("t", null, 1L, new byte[10], new byte[10], headers)),
            context,
            observer);
    assertThat(fitted).isEmpty();
    assertThat(observer.deadLetters).containsExactly("unwritable");
  }
}
