package io.tally.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile scenario files: refused with FILE:LINE: FIELD: MESSAGE before anything is replayed. */
class ScenarioLimitsTest {
  @TempDir Path dir;

  private static final String TEMPLATE =
      """
      scenario: %s
      title: A small report
      source: report.txt
      timeZone: %s
      campaign:
        start: 2022-10-24T20:00:00
        end: 2022-11-11T23:59:59
      themes:
        - id: jobs
          label: %s
      figures:
        - id: %s
          theme: jobs
          metric: jobs_posted
          label: Jobs posted
          unit: jobs
          kind: counter
          qualifier: more_than
          value: 600000
          period:
            start: %s
            end: 2022-11-11T23:59:59
          profile: uniform
          sentence: %s
      """;

  private static String scenario(
      String name, String zone, String label, String id, String start, String sentence) {
    return TEMPLATE.formatted(name, zone, label, id, start, sentence);
  }

  private static String valid() {
    return scenario("mini", "Asia/Shanghai", "Jobs", "jobs-posted", "2022-10-21T00:00:00", "s");
  }

  private Problem firstProblem(String yaml) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    try {
      ScenarioLoader.loadFile(file);
    } catch (ScenarioException e) {
      // The first problem is the one at stake; a refused theme may cause follow-on problems.
      return e.problems().get(0);
    }
    throw new AssertionError("accepted: " + file);
  }

  @Test
  void theTemplateIsValid() throws Exception {
    Path file = dir.resolve("ok.yaml");
    Files.writeString(file, valid(), StandardCharsets.UTF_8);
    assertThat(ScenarioLoader.loadFile(file).figures()).hasSize(1);
  }

  @Test
  void fieldsLongerThanTheirLimitAreRefusedWithTheirLengthOnly() throws Exception {
    String label = "长".repeat(ScenarioLimits.MAX_LABEL_CHARS + 1);
    Problem p =
        firstProblem(scenario("mini", "UTC", label, "jobs-posted", "2022-10-21T00:00:00", "s"));
    assertThat(p.toString())
        .isEqualTo(dir.resolve("s.yaml") + ":10: themes[0].label: at most 200 characters, got 201");

    String id = "a".repeat(ScenarioLimits.MAX_ID_CHARS + 1);
    p = firstProblem(scenario("mini", "UTC", "Jobs", id, "2022-10-21T00:00:00", "s"));
    assertThat(p.line()).isEqualTo(12);
    assertThat(p.field()).isEqualTo("figures[0].id");
    assertThat(p.message()).isEqualTo("at most 64 characters, got 65");

    String sentence = "句".repeat(ScenarioLimits.MAX_SENTENCE_CHARS + 1);
    p = firstProblem(scenario("mini", "UTC", "Jobs", "j", "2022-10-21T00:00:00", sentence));
    assertThat(p.line()).isEqualTo(24);
    assertThat(p.field()).isEqualTo("figures[0].sentence");

    p = firstProblem(scenario("m".repeat(65), "UTC", "Jobs", "j", "2022-10-21T00:00:00", "s"));
    assertThat(p.field()).isEqualTo("scenario");
  }

  @Test
  void aHugeLineIsRefusedBeforeParsingAndNamesItsKey() throws Exception {
    String id = "a".repeat(1_100_000);
    Problem p = firstProblem(scenario("mini", "UTC", "Jobs", id, "2022-10-21T00:00:00", "s"));
    assertThat(p.line()).isEqualTo(12);
    assertThat(p.field()).isEqualTo("id");
    assertThat(p.message()).startsWith("line of 1100008 characters, at most 16384");
    assertThat(p.toString()).hasSizeLessThan(300);

    String quoted = "\"" + "x".repeat(2_000_000) + "\"";
    p = firstProblem(scenario("mini", "UTC", "Jobs", "j", "2022-10-21T00:00:00", quoted));
    assertThat(p.field()).isEqualTo("sentence");
  }

  @Test
  void aBadValueIsQuotedShortly() throws Exception {
    String id = "Not An Id " + "x".repeat(10_000);
    Problem p = firstProblem(scenario("mini", "UTC", "Jobs", id, "2022-10-21T00:00:00", "s"));
    assertThat(p.message()).contains("at most 64 characters").hasSizeLessThan(200);
    p =
        firstProblem(
            scenario("mini", "No/Zone" + "y".repeat(400), "Jobs", "j", "2022-10-21T00:00:00", "s"));
    assertThat(p.message()).contains("unknown time zone", "407 characters").hasSizeLessThan(200);
  }

  @Test
  void eventTimesBeforeTheSecondDayOf1970AreRefusedInAnyZone() throws Exception {
    Problem p = firstProblem(scenario("mini", "UTC", "Jobs", "j", "1900-01-01T00:00:00", "s"));
    assertThat(p.field()).isEqualTo("figures[0].period.start");
    assertThat(p.message()).contains("before 1970-01-02T00:00:00Z");
    // Local midnight of 1970-01-02 in UTC+14 is still 1970-01-01 in UTC.
    p = firstProblem(scenario("mini", "+14:00", "Jobs", "j", "1970-01-02T00:00:00", "s"));
    assertThat(p.field()).isEqualTo("figures[0].period.start");
    Path ok = dir.resolve("ok.yaml");
    Files.writeString(
        ok,
        scenario("mini", "UTC", "Jobs", "j", "1970-01-02T00:00:00", "s"),
        StandardCharsets.UTF_8);
    assertThat(ScenarioLoader.loadFile(ok).figures()).hasSize(1);
  }

  @Test
  void devicesAndFifosAreNotRead() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    assertThatThrownBy(() -> ScenarioLoader.load("/dev/zero"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("/dev/zero: not a regular file (a device, FIFO or socket?), not read");

    Path fifo = dir.resolve("fifo.yaml");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here");
      return;
    }
    assumeTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
    assertThatThrownBy(() -> ScenarioLoader.loadFile(fifo))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void aFileOverTheSizeLimitIsNotRead() throws Exception {
    Path big = dir.resolve("big.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
      sparse.setLength(ScenarioLimits.MAX_FILE_BYTES + 1L);
    }
    assertThatThrownBy(() -> ScenarioLoader.loadFile(big))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("larger than 67108864 bytes");
  }

  @Test
  void tooManyFiguresAreRefused() throws Exception {
    StringBuilder yaml = new StringBuilder(valid().substring(0, valid().indexOf("figures:")));
    yaml.append("figures: [");
    for (int i = 0; i <= ScenarioLimits.MAX_FIGURES; i++) {
      yaml.append(i == 0 ? "" : ",").append(i % 100 == 0 ? "\n  " : "").append("{}");
    }
    yaml.append("]\n");
    Problem p = firstProblem(yaml.toString());
    assertThat(p.field()).isEqualTo("figures");
    assertThat(p.message()).isEqualTo("at most 100000 items, got 100001");
  }
}
